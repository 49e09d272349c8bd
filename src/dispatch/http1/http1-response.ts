/**
 * What the HTTP/1.1 client answers with: the part of fetch's `Response` that dispatch reads
 * (status, headers, the body as a stream or as text), built from a parsed head and the body bytes.
 * A real `Response` cost more than everything else the client does for a small JSON answer.
 */
import { decodeBytes, headerValue } from './response-head';
import { bytesOf, type BodyRange, type HeaderPairs, type ResponseHead } from './response-parser';

/** The headers of an answer, looked up as fetch's `Headers.get` does, without building a `Headers`. */
class HeaderList {
  constructor(private readonly pairs: HeaderPairs) {}

  get(name: string): string | null {
    return headerValue(this.pairs, name.toLowerCase()) ?? null;
  }
}

/** The client's answer (see the top of this file). */
export class Http1Response {
  readonly ok: boolean;
  readonly headers: HeaderList;
  private consumed = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    headers: HeaderPairs,
    /** The whole body, when it had arrived by the time the head was handed over. */
    private range: BodyRange | null,
    private stream: ReadableStream<Uint8Array> | null,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new HeaderList(headers);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream === null && this.range !== null) {
      const bytes = bytesOf(this.range);
      this.stream = new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      });
    }
    return this.stream;
  }

  text(): Promise<string> {
    if (this.consumed) return Promise.reject(new TypeError('Body already used'));
    this.consumed = true;
    if (this.stream !== null) return new Response(this.stream).text();
    return Promise.resolve(this.range === null ? '' : utf8Text(this.range));
  }
}

/**
 * The range decoded as fetch's `text()` decodes a body: UTF-8, invalid sequences replaced, a leading
 * byte order mark dropped, the bytes read where they lie (TextDecoder would need a view of them first).
 */
function utf8Text({ chunk, start, end }: BodyRange): string {
  if (end - start >= 3 && chunk[start] === 0xef && chunk[start + 1] === 0xbb && chunk[start + 2] === 0xbf) start += 3;
  return decodeBytes(chunk, 'utf8', start, end);
}

export function responseOf(head: ResponseHead, range: BodyRange | null, stream: ReadableStream<Uint8Array> | null = null): Http1Response {
  // These statuses carry no body, whatever else the head says.
  if (head.status === 204 || head.status === 205 || head.status === 304) return new Http1Response(head.status, head.statusText, head.headers, null, null);
  const decoded = decodedBody(head.headers, range, stream);
  return decoded === undefined
    ? new Http1Response(head.status, head.statusText, head.headers, range, stream)
    : new Http1Response(head.status, head.statusText, head.headers, null, decoded);
}

/** Content codings Bun's DecompressionStream undoes, by their HTTP names. */
type DecompressionFormat = ConstructorParameters<typeof DecompressionStream>[0];
const DECOMPRESSION: Record<string, DecompressionFormat> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'brotli' as DecompressionFormat, zstd: 'zstd' as DecompressionFormat };

/**
 * The body with its content codings undone, or undefined when it has none (the usual case: the
 * request says `accept-encoding: identity`). A server that compresses anyway is read as fetch
 * would read it; a coding nobody here knows is passed on as it came.
 */
function decodedBody(headers: HeaderPairs, range: BodyRange | null, stream: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> | undefined {
  const encoding = headerValue(headers, 'content-encoding', ',');
  if (encoding === undefined) return undefined;
  // Applied in the order listed, so undone in reverse.
  const codings = encoding.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity').reverse();
  if (codings.length === 0 || !codings.every((coding) => coding in DECOMPRESSION)) return undefined;
  let body = stream ?? new Response(range === null ? null : bytesOf(range)).body!;
  for (const coding of codings) body = body.pipeThrough(new DecompressionStream(DECOMPRESSION[coding]));
  return body;
}
