import { ApiError } from './errors';

/**
 * A request body read as text, refused with a 413 when it is over `limit` bytes. The caller reads
 * it (`await request.text()`): an async function of its own around that await cost every request a
 * promise. Bun.serve's own `maxRequestBodySize` (server.ts: the limit plus a margin) stops anything
 * far larger before it is read; the declared `content-length` is not consulted, since reading it
 * would make Bun build the request's Headers object, about a microsecond on every request.
 */
export function bodyWithinLimit(text: string, limit: number): string {
  // A string's length never exceeds its UTF-8 byte count, nor is that count over three times the
  // length: only a body near the limit is counted.
  if (text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text) > limit)) throw tooLarge(Buffer.byteLength(text), limit);
  return text;
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(413, `Request body is ${size} bytes; the limit is ${limit} bytes (BODY_LIMIT_BYTES)`);
}
