/**
 * CodeWhisperer's `stopReason` (metadataEvent) → Anthropic's stop_reason. A tool call always means
 * `tool_use`, whatever the upstream said: Claude Code drops the call otherwise.
 * @see ../../../test/fixtures/codewhisperer/README.md (metadata: stopReason values)
 */
import type { StopReason } from '../anthropic/types';

export function mapCodeWhispererStopReason(stopReason: string | undefined, sawToolUse: boolean): StopReason {
  if (sawToolUse) return 'tool_use';
  switch (stopReason) {
    case 'TOOL_USE':
      // Said without a tool call that arrived: nothing for the client to run.
      return 'end_turn';
    case 'MAX_TOKENS':
    // Anthropic's own `model_context_window_exceeded` is newer than most clients; both mean "cut short".
    case 'MODEL_CONTEXT_WINDOW_EXCEEDED':
      return 'max_tokens';
    case 'CONTENT_FILTERED':
      return 'refusal';
    case 'PAUSE_TURN':
      return 'pause_turn';
    case 'END_TURN':
    case 'UNKNOWN':
    case undefined:
    default:
      return 'end_turn';
  }
}
