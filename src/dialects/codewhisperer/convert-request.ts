/**
 * An Anthropic Messages request → a CodeWhisperer `generateAssistantResponse` body: the turns before
 * the last become `history` (user first, alternating, assistant last), the last user turn the
 * `currentMessage` with the tools. The service has no system field: the system prompt opens the
 * first user turn, after the thinking tags (thinking-prefix.ts), as Kiro clients send it. It has
 * no sampling or output-length parameters either: `temperature`, `top_p`, `top_k` and
 * `stop_sequences` are reported as not carried, `max_tokens` is left to the service's own cap.
 * @see ../../../test/fixtures/codewhisperer/README.md
 */
import type { MessagesRequest, TextBlock } from '../anthropic/types';
import { warnUncarriedFields } from '../request-fields';
import { placeSystemMessages } from '../system-messages';
import type { ConversionContext } from '../types';
import { collectTurns, type Turn } from './collect-turns';
import { convertToolsToCodeWhisperer, declareHistoryTools } from './convert-tools';
import { CONTINUE_TEXT, repairTurns } from './repair-turns';
import { thinkingPrefix } from './thinking-prefix';
import type { AssistantResponseMessage, CodeWhispererHistoryEntry, CodeWhispererOrigin, CodeWhispererRequest, UserInputMessage } from './types';
import { codeWhispererVariant, originOf } from './variant';

const CARRIED_FIELDS: ReadonlySet<string> = new Set(['model', 'messages', 'max_tokens', 'system', 'metadata', 'stream', 'tools', 'tool_choice', 'thinking', 'output_config']);

/** Images are kept in the turns this close to the end; older ones become a note (request size). */
const KEEP_IMAGES_WITHIN_TURNS = 5;

/** What the current message says when the user turn carries only tool results (AIClient-2-API). */
export const TOOL_RESULTS_TEXT = 'Tool results provided.';

export function convertAnthropicToCodeWhisperer(request: MessagesRequest, ctx: ConversionContext): CodeWhispererRequest {
  const placed = placeSystemMessages(request, ctx.systemMessages === 'keep' ? 'user' : ctx.systemMessages, ctx.warnings);
  const turns = repairTurns(collectTurns(placed.messages, ctx), ctx);
  const origin = originOf(codeWhispererVariant(ctx.baseUrl));
  const preamble = [thinkingPrefix(request, ctx.warnings), systemText(placed.system)].filter((text): text is string => !!text).join('\n');

  const history: CodeWhispererHistoryEntry[] = [];
  const usedToolNames = new Set<string>();
  const last = turns.length - 1;
  turns.forEach((turn, i) => {
    if (i === last) return;
    for (const use of turn.toolUses) usedToolNames.add(use.name);
    history.push(turn.role === 'user' ? { userInputMessage: userMessage(turn, i, last, origin, ctx, i === 0 ? preamble : '') } : { assistantResponseMessage: assistantMessage(turn) });
  });

  const current = userMessage(turns[last], last, last, origin, ctx, last === 0 ? preamble : '');
  const tools = declareHistoryTools(convertToolsToCodeWhisperer(request.tools, request.tool_choice, ctx), usedToolNames);
  if (tools.length > 0) current.userInputMessageContext = { ...current.userInputMessageContext, tools };

  warnUncarriedFields(request, CARRIED_FIELDS, 'CodeWhisperer', ctx);
  const outputConfig = request.output_config;
  if (typeof outputConfig === 'object' && outputConfig !== null && Object.keys(outputConfig).some((key) => key !== 'effort')) {
    ctx.warnings.push('codewhisperer: output_config sent only as the thinking effort');
  }
  return {
    conversationState: {
      chatTriggerType: 'MANUAL',
      conversationId: conversationIdOf(ctx),
      agentTaskType: 'vibe',
      currentMessage: { userInputMessage: current },
      ...(history.length > 0 && { history }),
    },
  };
}

function userMessage(turn: Turn, index: number, last: number, origin: CodeWhispererOrigin, ctx: ConversionContext, preamble: string): UserInputMessage {
  const keepImages = last - index <= KEEP_IMAGES_WITHIN_TURNS;
  const texts = [...turn.texts];
  if (!keepImages && turn.images.length > 0) {
    ctx.warnings.push(`codewhisperer: ${turn.images.length} image(s) in an older turn replaced by a note (images are kept in the last ${KEEP_IMAGES_WITHIN_TURNS} turns)`);
    texts.push(`[${turn.images.length} image(s) omitted from the history]`);
  }
  let content = texts.join('\n\n');
  if (preamble) content = content ? `${preamble}\n\n${content}` : preamble;
  if (!content && index === last) content = turn.toolResults.length > 0 ? TOOL_RESULTS_TEXT : CONTINUE_TEXT;
  else if (!content && turn.toolResults.length === 0 && turn.images.length === 0) content = CONTINUE_TEXT;
  const message: UserInputMessage = { content, modelId: ctx.model, origin };
  if (keepImages && turn.images.length > 0) message.images = turn.images;
  if (turn.toolResults.length > 0) message.userInputMessageContext = { toolResults: turn.toolResults };
  return message;
}

function assistantMessage(turn: Turn): AssistantResponseMessage {
  const text = turn.texts.join('\n\n');
  const thinking = turn.thinking.length > 0 ? `<thinking>${turn.thinking.join('\n\n')}</thinking>` : '';
  let content = thinking && text ? `${thinking}\n\n${text}` : thinking || text;
  // An assistant turn with neither text nor a tool call (only redacted thinking, say) still needs words.
  if (!content && turn.toolUses.length === 0) content = '(no content)';
  return turn.toolUses.length > 0 ? { content, toolUses: turn.toolUses } : { content };
}

function systemText(system: string | TextBlock[] | undefined): string {
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  return system
    .map((block) => block.text)
    .filter((text) => text.length > 0)
    .join('\n\n');
}

/**
 * A UUID-shaped id, one per request, from the injected id source so tests stay deterministic (the
 * service expects a UUID; the clients make a fresh one for every call).
 */
function conversationIdOf(ctx: ConversionContext): string {
  const seed = ctx.generateId('msg');
  let hex = '';
  for (let i = 0; hex.length < 32; i++) hex += (seed.charCodeAt(i % seed.length) * 31 + i * 7).toString(16).slice(-1);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
