/**
 * The pass-through stream converter, used only when transformers need typed events (the
 * dispatcher pipes raw bytes otherwise). Events are re-emitted as they came, except that
 * `message_start` reports the requested model (as convertAnthropicResponse does) and end() repairs
 * a stream the upstream cut short: it closes an open block and adds message_delta/message_stop,
 * so the client always sees a complete grammar.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { ConversionContext, StreamConverter } from '../types';
import type { StreamEvent } from './types';
import { messageEndEvents, messageStartEvent } from '../message-start';

interface PassThroughState {
  started: boolean;
  openIndex: number | undefined;
  sawMessageDelta: boolean;
  finished: boolean;
}

export function createAnthropicStreamConverter(ctx: ConversionContext): StreamConverter<StreamEvent> {
  const state: PassThroughState = { started: false, openIndex: undefined, sawMessageDelta: false, finished: false };

  const push = (event: StreamEvent): StreamEvent[] => {
    if (state.finished) return [];
    switch (event.type) {
      case 'message_start':
        state.started = true;
        return [{ ...event, message: { ...event.message, model: ctx.requestedModel } }];
      case 'content_block_start':
        state.openIndex = event.index;
        return [event];
      case 'content_block_stop':
        state.openIndex = undefined;
        return [event];
      case 'message_delta':
        state.sawMessageDelta = true;
        return [event];
      case 'message_stop':
      case 'error':
        state.finished = true;
        return [event];
      case 'content_block_delta':
      case 'ping':
        return [event];
      default: {
        // A new event type from upstream: carried as is, the client may know it.
        const _exhaustive: never = event;
        return [_exhaustive];
      }
    }
  };

  const end = (): StreamEvent[] => {
    if (state.finished) return [];
    state.finished = true;
    const out: StreamEvent[] = [];
    // Upstream indexes are kept as they came (no block writer); only the missing frame is added.
    if (!state.started) out.push(messageStartEvent(ctx));
    if (state.openIndex !== undefined) out.push({ type: 'content_block_stop', index: state.openIndex });
    // Cut short before message_delta: no stop reason is known, and Anthropic's grammar allows null here.
    if (!state.sawMessageDelta) messageEndEvents(out, { stop_reason: null, stop_sequence: null }, { output_tokens: 0 });
    else out.push({ type: 'message_stop' });
    return out;
  };

  return { push, end };
}
