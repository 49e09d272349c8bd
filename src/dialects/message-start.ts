/**
 * The events that open and close every converted stream, around the content blocks (block-writer.ts).
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StopReason, StreamEvent, Usage } from './anthropic/types';
import type { ConversionContext } from './types';

/** The `message_start` every converted stream opens with: empty content, the model the client asked for. */
export function messageStartEvent(ctx: ConversionContext, usage: Usage = { input_tokens: 0, output_tokens: 0 }): StreamEvent {
  return {
    type: 'message_start',
    message: {
      id: ctx.generateId('msg'),
      type: 'message',
      role: 'assistant',
      model: ctx.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  };
}

/** `message_start` then a `ping`, as Anthropic opens its streams. */
export function messageStartEvents(ctx: ConversionContext, out: StreamEvent[], usage?: Usage): void {
  out.push(messageStartEvent(ctx, usage), { type: 'ping' });
}

/** `message_delta` (held until the end: usage usually arrives last) then `message_stop`. */
export function messageEndEvents(
  out: StreamEvent[],
  stop: { stop_reason: StopReason | null; stop_sequence: string | null },
  usage: Extract<StreamEvent, { type: 'message_delta' }>['usage'],
): void {
  out.push({ type: 'message_delta', delta: stop, usage }, { type: 'message_stop' });
}
