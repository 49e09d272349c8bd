/**
 * Anthropic's SSE framing: `event: <type>\ndata: <json>\n\n`.
 * JSON.stringify never emits a raw CR or LF, so a data line cannot be split by its payload.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StreamEvent } from '../dialects/anthropic/types';

const encoder = new TextEncoder();

export function encodeEvent(event: StreamEvent): string {
  // Text deltas are nearly every event of a stream: a template around the one string to escape
  // saves serializing the object (same bytes as JSON.stringify of {type, index, delta: {type, text}}).
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${event.index},"delta":{"type":"text_delta","text":${JSON.stringify(event.delta.text)}}}\n\n`;
  }
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function encodeEvents(events: readonly StreamEvent[]): Uint8Array {
  let text = '';
  for (const event of events) text += encodeEvent(event);
  return encoder.encode(text);
}
