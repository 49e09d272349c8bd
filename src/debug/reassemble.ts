/**
 * A response body as a person reads it in a saved request: JSON parsed, a server-sent event stream
 * as its list of events (each data parsed), an AWS event stream (Kiro) as its messages, and an
 * Anthropic stream also put back together into the one message it spelled out. Pure.
 */
import { EventStreamDecoder, type EventStreamMessage } from '../dialects/codewhisperer/event-stream';
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

interface Block {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  input?: unknown;
  partialJson?: string;
  [field: string]: unknown;
}

/** Anthropic's event grammar folded back into a message; undefined when the events are not Anthropic's. */
export function anthropicMessageOf(events: ReadonlyArray<{ data: unknown }>): unknown {
  let message: Record<string, unknown> | undefined;
  const blocks: Block[] = [];
  for (const { data } of events) {
    if (typeof data !== 'object' || data === null) continue;
    const event = data as Record<string, any>;
    switch (event.type) {
      case 'message_start':
        message = { ...event.message };
        break;
      case 'content_block_start':
        blocks[event.index] = { ...event.content_block };
        break;
      case 'content_block_delta': {
        const block = blocks[event.index];
        const delta = event.delta ?? {};
        if (!block) break;
        if (delta.type === 'text_delta') block.text = (block.text ?? '') + delta.text;
        else if (delta.type === 'thinking_delta') block.thinking = (block.thinking ?? '') + delta.thinking;
        else if (delta.type === 'signature_delta') block.signature = (block.signature ?? '') + delta.signature;
        else if (delta.type === 'input_json_delta') block.partialJson = (block.partialJson ?? '') + delta.partial_json;
        break;
      }
      case 'message_delta':
        if (message) Object.assign(message, event.delta ?? {}, { usage: { ...(message.usage as object), ...event.usage } });
        break;
      case 'error':
        if (message) message.error = event.error;
        break;
    }
  }
  if (message === undefined) return undefined;
  message.content = blocks.map(({ partialJson, ...block }) => (partialJson === undefined ? block : { ...block, input: parseMaybe(partialJson || '{}') }));
  return message;
}
