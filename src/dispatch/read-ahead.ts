/**
 * Converted streams are read ahead to their first content before the client gets a byte, so an
 * error a provider reports at the start of its 200 stream (OpenRouter's and Gemini's in-band errors,
 * CodeWhisperer's throttling, an input too long) leaves as an HTTP error with its status: one that
 * dispatch can retry on another key or target, and a client can act on. Then the stream is relayed.
 * A provider whose framing answers every request as a stream (CodeWhisperer's AWS event-stream)
 * gets a request that asked for no stream folded into one message.
 */
import { assembleMessage } from '../dialects/anthropic/assemble-message';
import { statusForErrorType } from '../dialects/anthropic/errors';
import type { ErrorBody, MessageResponse, StreamEvent } from '../dialects/anthropic/types';
import { ApiError } from '../http/errors';
import { convertUpstreamStream, createSseConversion, type ConvertStreamOptions, type SseConversion } from './convert-stream';
import { upstreamFailure, type UpstreamCall } from './upstream';

/** The relayed stream, once its start is known not to be an error. */
export async function convertStreamReadingAhead(options: Omit<ConvertStreamOptions, 'primed'>): Promise<ReadableStream<Uint8Array>> {
  const { call, dialect, ctx, hooks, provider, timeoutMs } = options;
  const conversion = createSseConversion(dialect, ctx, hooks);
  const { events } = await readUntil(call, conversion, provider, timeoutMs, (held) => held.some(isContent));
  const error = events.find(isContent);
  if (error?.type === 'error') {
    call.abort();
    call.finish();
    throw providerError(provider, error.error);
  }
  return convertUpstreamStream({ ...options, primed: { conversion, events } });
}

/** The whole answer as one message; an error the provider reported inside its stream is thrown. */
export async function assembleStream(call: UpstreamCall, options: Pick<ConvertStreamOptions, 'dialect' | 'ctx' | 'provider' | 'timeoutMs'>): Promise<MessageResponse> {
  const conversion = createSseConversion(options.dialect, options.ctx);
  const { events, done } = await readUntil(call, conversion, options.provider, options.timeoutMs, () => false);
  // Stopped at an error before the body's end: the rest is not read.
  if (!done) call.abort();
  call.finish();
  const error = events.find((event) => event.type === 'error');
  if (error?.type === 'error') throw providerError(options.provider, error.error);
  return assembleMessage(events, options.ctx.warnings);
}

/** Feeds the body to `conversion` until `enough` says so or the stream is over; returns the events made. */
async function readUntil(
  call: UpstreamCall,
  conversion: SseConversion,
  provider: string,
  timeoutMs: number,
  enough: (held: StreamEvent[]) => boolean,
): Promise<{ events: StreamEvent[]; done: boolean }> {
  const reader = call.response.body!.getReader();
  const held: StreamEvent[] = [];
  try {
    for (;;) {
      const read = await reader.read();
      if (!read.done) call.touch();
      const step = read.done ? conversion.close() : conversion.push(read.value);
      for (const event of step.events) held.push(event);
      if (step.ended || read.done || enough(held)) return { events: held, done: read.done };
    }
  } catch (error) {
    call.finish();
    throw upstreamFailure(provider, call.abortReason(), error, timeoutMs);
  } finally {
    reader.releaseLock();
  }
}

/** The first event that says something: not the message's opening. */
const isContent = (event: StreamEvent) => event.type !== 'message_start' && event.type !== 'ping';

function providerError(provider: string, error: ErrorBody): ApiError {
  return new ApiError(statusForErrorType(error.type), `Provider "${provider}" reported: ${error.message}`, { type: error.type });
}
