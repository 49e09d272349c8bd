/**
 * Makes alternating turns into a history the service takes: every tool use answered by the next
 * user turn and every tool result answering a tool use of the turn before (an orphan on either side
 * is a 400, "Improperly formed request"), tool use ids unique and non-empty, the first turn the
 * user's and the last one too (it becomes the current message). Orphans become text, so the model
 * still reads what happened; each repair is reported in `ctx.warnings`.
 * @see ../../../test/fixtures/codewhisperer/README.md (pitfalls and their sources)
 */
import type { ConversionContext } from '../types';
import { emptyTurn, type Turn } from './collect-turns';

/** What an assistant prefill is answered with (AIClient-2-API, kiro-gateway). */
export const CONTINUE_TEXT = 'Continue';

export function repairTurns(collected: Turn[], ctx: ConversionContext): Turn[] {
  const turns = collected.map((turn) => ({ ...turn, texts: [...turn.texts], toolUses: [...turn.toolUses], toolResults: [...turn.toolResults] }));
  dropDuplicateToolUses(turns, ctx);
  turns.forEach((turn, i) => {
    if (turn.role === 'assistant') answerOrDescribeToolUses(turn, turns[i + 1], ctx);
  });
  turns.forEach((turn, i) => {
    if (turn.role === 'user') keepAnsweringResults(turn, turns[i - 1], ctx);
  });
  if (turns.length === 0 || turns[0].role === 'assistant') turns.unshift(emptyTurn('user'));
  if (turns[turns.length - 1].role === 'assistant') {
    ctx.warnings.push('codewhisperer: the request ended with an assistant turn (a prefill), which the service cannot continue: sent as history, then "Continue"');
    turns.push({ ...emptyTurn('user'), texts: [CONTINUE_TEXT] });
  }
  return turns;
}

function dropDuplicateToolUses(turns: Turn[], ctx: ConversionContext): void {
  const seen = new Set<string>();
  for (const turn of turns) {
    turn.toolUses = turn.toolUses.filter((use) => {
      if (use.toolUseId.length > 0 && !seen.has(use.toolUseId)) {
        seen.add(use.toolUseId);
        return true;
      }
      ctx.warnings.push(`codewhisperer: tool_use ${JSON.stringify(use.toolUseId)} (${use.name}) sent as text: its id is empty or used before`);
      turn.texts.push(describeToolUse(use.name, use.input));
      return false;
    });
  }
}

/** Tool uses the next turn does not answer are kept as text in the assistant's turn. */
function answerOrDescribeToolUses(turn: Turn, next: Turn | undefined, ctx: ConversionContext): void {
  if (turn.toolUses.length === 0) return;
  const answered = new Set(next?.role === 'user' ? next.toolResults.map((result) => result.toolUseId) : []);
  turn.toolUses = turn.toolUses.filter((use) => {
    if (answered.has(use.toolUseId)) return true;
    ctx.warnings.push(`codewhisperer: tool_use ${use.toolUseId} (${use.name}) has no tool_result in the next turn: sent as text`);
    turn.texts.push(describeToolUse(use.name, use.input));
    return false;
  });
}

/** Results that answer no tool use of the turn before (or answer one twice) are kept as text. */
function keepAnsweringResults(turn: Turn, previous: Turn | undefined, ctx: ConversionContext): void {
  if (turn.toolResults.length === 0) return;
  const open = new Set(previous?.role === 'assistant' ? previous.toolUses.map((use) => use.toolUseId) : []);
  turn.toolResults = turn.toolResults.filter((result) => {
    if (open.delete(result.toolUseId)) return true;
    ctx.warnings.push(`codewhisperer: tool_result ${result.toolUseId} answers no tool_use of the turn before: sent as text`);
    turn.texts.push(`[tool result ${result.toolUseId}${result.status === 'error' ? ', error' : ''}]\n${result.content.map((item) => item.text).join('\n')}`);
    return false;
  });
}

const describeToolUse = (name: string, input: Record<string, unknown>) => `[tool call ${name}: ${JSON.stringify(input)}]`;
