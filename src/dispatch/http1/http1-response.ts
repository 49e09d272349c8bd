/**
 * What the HTTP/1.1 client answers with: the part of fetch's `Response` that dispatch reads
 * (status, headers, the body as a stream or as text), built from a parsed head and the body bytes.
 * A real `Response` cost more than everything else the client does for a small JSON answer.
 */
import type { HeaderPairs, ResponseHead } from './response-parser';

const utf8 = new TextDecoder();


/** The headers of an answer, looked up as fetch's `Headers.get` does, without building a `Headers`. */
class HeaderList {
  constructor(private readonly pairs: HeaderPairs) {}

  get(name: string): string | null {
    const wanted = name.toLowerCase();
    let found: string | null = null;
    for (const [key, value] of this.pairs) if (key === wanted) found = found === null ? value : `${found}, ${value}`;
    return found;
  }
}

/**
 * What the client answers: the part of fetch's `Response` that ccr reads (status, headers, the body
 * as a stream or as text). Building a real `Response` cost more than everything else the client
 * does for a small JSON answer.
 */
export class Http1Response {
  readonly ok: boolean;
  readonly headers: HeaderList;
  private consumed = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    headers: HeaderPairs,
    /** The whole body, when it had arrived by the time the head was handed over. */
    private bytes: Uint8Array | null,
    private stream: ReadableStream<Uint8Array> | null,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new HeaderList(headers);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream === null && this.bytes !== null) {
      const bytes = this.bytes;
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
    return Promise.resolve(this.bytes === null ? '' : utf8.decode(this.bytes));
  }
}

export function responseOf(head: ResponseHead, bytes: Uint8Array | null, stream: ReadableStream<Uint8Array> | null = null): Http1Response {
  // These statuses carry no body, whatever else the head says.
  if (head.status === 204 || head.status === 205 || head.status === 304) return new Http1Response(head.status, head.statusText, head.headers, null, null);
  const decoded = decodedBody(head.headers, bytes, stream);
  return decoded === undefined
    ? new Http1Response(head.status, head.statusText, head.headers, bytes, stream)
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
function decodedBody(headers: HeaderPairs, bytes: Uint8Array | null, stream: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> | undefined {
  let encoding: string | undefined;
  for (const [name, value] of headers) if (name === 'content-encoding') encoding = encoding === undefined ? value : `${encoding},${value}`;
  if (encoding === undefined) return undefined;
  // Applied in the order listed, so undone in reverse.
  const codings = encoding.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity').reverse();
  if (codings.length === 0 || !codings.every((coding) => coding in DECOMPRESSION)) return undefined;
  let body = stream ?? new Response(bytes).body!;
  for (const coding of codings) body = body.pipeThrough(new DecompressionStream(DECOMPRESSION[coding]));
  return body;
}
