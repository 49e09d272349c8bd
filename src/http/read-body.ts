import { ApiError } from './errors';

/** Reads a request body as text, refusing bodies over `limit` bytes with a 413 before reading them when the size is declared. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(declared, limit);
  const text = await request.text();
  // Chunked uploads declare no length; a string's length never exceeds its UTF-8 byte count.
  if (text.length > limit || (declared === 0 && Buffer.byteLength(text) > limit)) throw tooLarge(Buffer.byteLength(text), limit);
  return text;
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(413, `Request body is ${size} bytes; the limit is ${limit} bytes (BODY_LIMIT_BYTES)`);
}
