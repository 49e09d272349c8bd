/**
 * System (and developer) messages inside `messages`, for upstreams that cannot take them where they
 * stand. Anthropic applies such a message from its position on; Claude Code puts its environment
 * block there on every turn. Many upstreams refuse it: DeepSeek ("The system message of
 * deepseek-reasoner must be put on the beginning"), and open models whose chat templates raise
 * "System message must be at the beginning" (Qwen 3.5 and later, several Llama, Gemma and Mistral
 * templates, served by Ollama, vLLM, llama.cpp and most hosts). Gemini has no such role at all.
 *
 * Placements:
 * - `keep`: left where it is (Anthropic itself, OpenAI);
 * - `user`: its text joins the adjacent user turn, wrapped in `<system-reminder>` (Claude Code's own
 *   marker for instructions inside a user turn), so the conversation's prefix, and the provider's
 *   prompt cache with it, stays the same from one turn to the next;
 * - `leading`: its text is appended to the top-level system prompt (a change to it then changes the
 *   prompt's first bytes, and every cached prefix with them).
 * A run of them before the first user or assistant turn is the system prompt in all but name: it
 * joins the top-level `system` whatever the placement, except `keep`.
 * Pure: the request is copied where it changes, never modified.
 */
import type { MessageParam, MessagesRequest, RequestContentBlock, TextBlock } from './anthropic/types';

export type SystemMessagePlacement = 'keep' | 'user' | 'leading';

export const SYSTEM_MESSAGE_PLACEMENTS: readonly SystemMessagePlacement[] = ['keep', 'user', 'leading'];

export const isInstructionMessage = (message: MessageParam): boolean => message.role === 'system' || message.role === 'developer';

/**
 * For dialects with two speakers (Gemini, CodeWhisperer), after placement: whether a message speaks
 * as the assistant. System and developer messages left in place speak as the user, and so does a
 * role newer than ccr, with a warning naming `dialect`.
 */
export function speaksAsAssistant(message: MessageParam, dialect: string, warnings: string[]): boolean {
  switch (message.role) {
    case 'assistant':
      return true;
    case 'user':
    case 'system':
    case 'developer':
      return false;
    default: {
      const unknownRole: never = message.role;
      warnings.push(`${dialect}: message with unknown role ${JSON.stringify(unknownRole)} sent as a user turn`);
      return false;
    }
  }
}

/** The request with its system messages placed as `placement` says; the same object when there is none. */
export function placeSystemMessages(request: MessagesRequest, placement: SystemMessagePlacement, warnings: string[]): MessagesRequest {
  if (placement === 'keep' || !request.messages.some(isInstructionMessage)) return request;
  const leading: TextBlock[] = [];
  const turns: MessageParam[] = [];
  /** Instructions waiting for the next user turn: they followed an assistant turn. */
  let pending: string[] = [];
  for (const message of request.messages) {
    if (!isInstructionMessage(message)) {
      if (message.role === 'user' && pending.length > 0) {
        turns.push(withText(message, pending, 'before'));
        pending = [];
      } else turns.push(message);
      continue;
    }
    const text = instructionText(message, warnings);
    if (text.length === 0) continue;
    const previous = turns[turns.length - 1];
    if (placement === 'leading' || previous === undefined) leading.push({ type: 'text', text });
    else if (previous.role === 'user') turns[turns.length - 1] = withText(previous, [reminder(text)], 'after');
    else pending.push(reminder(text));
  }
  // Instructions after the last assistant turn: a user turn of their own, the only place left for them.
  if (pending.length > 0) turns.push({ role: 'user', content: pending.map((text) => ({ type: 'text', text })) });
  const placed: MessagesRequest = { ...request, messages: turns };
  if (leading.length > 0) placed.system = [...systemBlocks(request.system), ...leading];
  return placed;
}

/** The text of a system message; what is not text has no place in an instruction and is reported. */
export function instructionText(message: MessageParam, warnings: string[]): string {
  if (typeof message.content === 'string') return message.content;
  const texts: string[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else warnings.push(`${block.type} block in a ${message.role} message dropped: only text can be an instruction`);
  }
  return texts.join('\n\n');
}

const reminder = (text: string) => `<system-reminder>\n${text}\n</system-reminder>`;

function withText(message: MessageParam, texts: string[], where: 'before' | 'after'): MessageParam {
  const blocks: RequestContentBlock[] = texts.map((text) => ({ type: 'text', text }));
  const content: RequestContentBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  return { ...message, content: where === 'before' ? [...blocks, ...content] : [...content, ...blocks] };
}

function systemBlocks(system: MessagesRequest['system']): TextBlock[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return system.length > 0 ? [{ type: 'text', text: system }] : [];
  return system;
}
