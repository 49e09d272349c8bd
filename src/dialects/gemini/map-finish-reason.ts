/**
 * Gemini's finishReason and promptFeedback.blockReason → Anthropic's stop_reason, plus the words
 * the user should read when Gemini stopped for a reason Anthropic has no field for.
 * A response that called a function always ends with `tool_use`: Claude Code drops the call otherwise.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://ai.google.dev/api/generate-content#BlockReason
 */
import type { StopReason } from '../anthropic/types';
import type { GeminiFinishReason } from './types';

export interface MappedStop {
  stopReason: StopReason;
  /** Shown to the user in a text block: why Gemini refused or gave up. */
  notice?: string;
}

export function mapGeminiFinishReason(reason: string | undefined, hasToolUse: boolean): MappedStop {
  if (hasToolUse) return { stopReason: 'tool_use' };
  if (reason === undefined) return { stopReason: 'end_turn' };
  const known = reason as GeminiFinishReason;
  switch (known) {
    case 'STOP':
    case 'FINISH_REASON_UNSPECIFIED':
    case 'OTHER':
    case 'IMAGE_OTHER':
    case 'NO_IMAGE':
      return { stopReason: 'end_turn' };
    case 'MAX_TOKENS':
      return { stopReason: 'max_tokens' };
    case 'SAFETY':
    case 'RECITATION':
    case 'LANGUAGE':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return { stopReason: 'refusal', notice: `Gemini stopped the response (finishReason: ${reason}).` };
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
    case 'MISSING_THOUGHT_SIGNATURE':
      // The model tried to call a tool and Gemini rejected the call: the turn ends without one.
      return { stopReason: 'end_turn', notice: `Gemini could not complete a tool call (finishReason: ${reason}).` };
    default: {
      const _exhaustive: never = known;
      return { stopReason: 'end_turn', notice: `Gemini stopped for an unknown reason (finishReason: ${String(_exhaustive)}).` };
    }
  }
}

/** A prompt Gemini refused before generating anything. */
export function mapGeminiBlockReason(reason: string, message: string | undefined): MappedStop {
  return { stopReason: 'refusal', notice: `Gemini blocked the prompt (blockReason: ${reason})${message ? `: ${message}` : '.'}` };
}
