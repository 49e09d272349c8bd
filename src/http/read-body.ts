/**
 * The one place a request body is read: a route with `parse: 'none', rawBody: true` gets the body's
 * text as `text`, or the client a 413 in Anthropic's shape past BODY_LIMIT_BYTES. The route parses
 * and validates the text itself, once (validate-request.ts): Elysia's body schema would strip the
 * fields Anthropic adds every month. `parse: 'none'` matters for more than that: Elysia's parsing
 * reads `request.body` first, which makes Bun hand the body over as a stream, and a Claude Code-sized
 * body then cost ccr about 0.4 ms more CPU (bench/README.md). A body declared larger than the
 * limit (`content-length`) is refused before it is read; Bun.serve's own `maxRequestBodySize`
 * (server.ts) bounds what a body without a length can make ccr read.
 */
import { Elysia } from 'elysia';
import { ApiError } from './errors';

/** The `rawBody` macro, for the plugins whose routes take a body; `limitBytes` is read per request (a reload may change it). */
export function rawBodyPlugin(limitBytes: () => number) {
  return new Elysia({ name: 'raw-body' }).macro({
    rawBody: {
      async resolve({ request }) {
        const limit = limitBytes();
        const declared = Number(request.headers.get('content-length'));
        if (declared > limit) throw tooLarge(declared, limit);
        return { text: bodyWithinLimit(await request.text(), limit) };
      },
    },
  });
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
