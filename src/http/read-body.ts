/**
 * The one place a request body is read: the app's `raw` parser hands a route the body's text and
 * refuses one over BODY_LIMIT_BYTES with a 413 in Anthropic's shape. A route takes it with
 * `parse: 'raw'`: no Elysia JSON parsing and no body schema, so no field Anthropic adds is stripped;
 * the route parses and validates the text itself, once (validate-request.ts). Bun.serve's own
 * `maxRequestBodySize` (server.ts: the limit plus a margin) stops anything far larger before it is read.
 */
import { Elysia } from 'elysia';
import { ApiError } from './errors';

/** Registered by the app; a plugin whose routes take a raw body uses it too (deduplicated by name). */
export function rawBodyParser(limitBytes: () => number) {
  return new Elysia({ name: 'raw-body' }).parser('raw', async ({ request }) => bodyWithinLimit(await request.text(), limitBytes()));
}

/** `text` itself, or a 413 when it is over `limit` bytes. */
function bodyWithinLimit(text: string, limit: number): string {
  // A string's length never exceeds its UTF-8 byte count, nor is that count over three times the
  // length: only a body near the limit is counted.
  if (text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text) > limit)) throw tooLarge(Buffer.byteLength(text), limit);
  return text;
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(413, `Request body is ${size} bytes; the limit is ${limit} bytes (BODY_LIMIT_BYTES)`);
}
