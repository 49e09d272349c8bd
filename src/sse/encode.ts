/**
 * Anthropic's SSE framing: `event: <type>\ndata: <json>\n\n`.
 * JSON.stringify never emits a raw CR or LF, so a data line cannot be split by its payload.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StreamEvent } from '../dialects/anthropic/types';

const encoder = new TextEncoder();

/** Characters JSON.stringify would escape (quotes, backslashes, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal; most model tokens need no escaping, and a test is cheaper than stringify. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

export function encodeEvent(event: StreamEvent): string {
  // Text deltas are nearly every event of a stream: a template around the one string to escape
  // saves serializing the object (same bytes as JSON.stringify of {type, index, delta: {type, text}}).
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${event.index},"delta":{"type":"text_delta","text":${quote(event.delta.text)}}}\n\n`;
  }
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Events as SSE text: Bun's direct streams write strings without a TextEncoder copy. */
export function encodeEventsText(events: readonly StreamEvent[]): string {
  let text = '';
  for (const event of events) text += encodeEvent(event);
  return text;
}

export function encodeEvents(events: readonly StreamEvent[]): Uint8Array {
  return encoder.encode(encodeEventsText(events));
}
