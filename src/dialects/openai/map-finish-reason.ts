/**
 * OpenAI `finish_reason` → Anthropic `stop_reason` and `stop_sequence`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
import type { StopReason } from '../anthropic/types';
import type { OpenAIFinishReason } from './types';

/**
 * `tool_calls` maps to `end_turn` here: a message that kept a tool call stops with `tool_use` in
 * resolveStopInfo before this is asked, so reaching here means no call survived conversion.
 */
function mapOpenAIFinishReason(finishReason: string | null | undefined): StopReason {
  // Typed as the known union so the switch stays exhaustive; strings a provider invents
  // (OpenRouter's `error`, or none at all) reach `default` at run time and count as a plain end.
  const known = finishReason as OpenAIFinishReason;
  switch (known) {
    case 'stop':
    case 'tool_calls':
    case 'function_call':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    default:
      known satisfies never;
      return 'end_turn';
  }
}

interface StopInfo {
  stop_reason: StopReason;
  stop_sequence: string | null;
}

/**
 * The final stop reason of a message.
 * - A message that carries a tool_use block stops with `tool_use` whatever the provider said:
 *   Claude Code drops the tool call otherwise.
 * - A message that carries OpenAI's `refusal` (and no tool call) stops with `refusal`.
 * - OpenAI never says which stop sequence matched; vLLM (and servers built on it) put the matched
 *   string in the choice's `stop_reason`, a number there being a stop token id rather than a sequence.
 * @see https://docs.vllm.ai/en/latest/api/vllm/outputs.html
 */
export function resolveStopInfo(
  finishReason: string | null | undefined,
  matchedStop: string | number | null | undefined,
  hasToolUse: boolean,
  refused: boolean,
): StopInfo {
  if (hasToolUse) return { stop_reason: 'tool_use', stop_sequence: null };
  if (refused) return { stop_reason: 'refusal', stop_sequence: null };
  if (finishReason === 'stop' && typeof matchedStop === 'string') return { stop_reason: 'stop_sequence', stop_sequence: matchedStop };
  return { stop_reason: mapOpenAIFinishReason(finishReason), stop_sequence: null };
}
