/**
 * A response body as a person reads it in a saved request: JSON parsed, a server-sent event stream
 * as its list of events (each data parsed), an AWS event stream (Kiro) as its messages, and an
 * Anthropic stream also put back together into the one message it spelled out. Pure.
 */
import { EventStreamDecoder, type EventStreamMessage } from '../dialects/codewhisperer/event-stream';
import { assembleMessage } from '../dialects/anthropic/assemble-message';
import type { StreamEvent } from '../dialects/anthropic/types';
import { SseParser } from '../sse/parse';

export interface ReassembledBody {
  /** A JSON body, parsed; text that is not JSON as it came. */
  body?: unknown;
  /** A stream's events in order. */
  events?: Array<{ event?: string; data: unknown }>;
  /** An Anthropic stream, as the message it built. */
  message?: unknown;
}

export function reassembleBody(bytes: Uint8Array, contentType: string): ReassembledBody {
  if (contentType.includes('amazon.eventstream')) {
    const decoder = new EventStreamDecoder();
    const events = decoder.push(bytes).map((read) => (read.kind === 'message' ? eventStreamEntry(read.message) : { event: 'decode-error', data: read.message }));
    return { events };
  }
  const text = new TextDecoder().decode(bytes);
  if (contentType.includes('text/event-stream')) {
    const parser = new SseParser();
    const events = [...parser.push(text), ...parser.end()].map((sse) => ({ ...(sse.event !== undefined && { event: sse.event }), data: parseMaybe(sse.data) }));
    const message = anthropicMessageOf(events);
    return message === undefined ? { events } : { events, message };
  }
  return { body: parseMaybe(text) };
}

export function parseMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function eventStreamEntry(message: EventStreamMessage): { event?: string; data: unknown } {
  const type = message.headers[':event-type'] ?? message.headers[':exception-type'];
  return { ...(typeof type === 'string' && { event: type }), data: parseMaybe(new TextDecoder().decode(message.payload)) };
}

/**
 * Anthropic's event grammar folded back into a message, by the converters' own assembler; a stream
 * that ended in an `error` event keeps what came before it, with the error. Undefined when the
 * events are not an Anthropic stream.
 */
function anthropicMessageOf(events: ReadonlyArray<{ data: unknown }>): unknown {
  const stream = events.map((entry) => entry.data).filter((data): data is StreamEvent => typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string');
  const failed = stream.findIndex((event) => event.type === 'error');
  try {
    const message = assembleMessage(failed === -1 ? stream : stream.slice(0, failed));
    return failed === -1 ? message : { ...message, error: (stream[failed] as Extract<StreamEvent, { type: 'error' }>).error };
  } catch {
    return undefined;
  }
}
