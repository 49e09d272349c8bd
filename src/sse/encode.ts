/**
 * Anthropic's SSE framing: `event: <type>\ndata: <json>\n\n`.
 * JSON.stringify never emits a raw CR or LF, so a data line cannot be split by its payload.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StreamEvent } from '../dialects/anthropic/types';

const encoder = new TextEncoder();

export function encodeEvent(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function encodeEvents(events: readonly StreamEvent[]): Uint8Array {
  let text = '';
  for (const event of events) text += encodeEvent(event);
  return encoder.encode(text);
}
