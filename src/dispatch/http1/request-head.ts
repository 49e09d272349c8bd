/** Where a request goes and the bytes that say it: the request line, headers and body, serialized once. */
import pkg from '../../../package.json' with { type: 'json' };

export interface Http1Init {
  method: string;
  headers: Record<string, string>;
  body: string;
}

const USER_AGENT = `ccr/${pkg.version}`;
/**
 * Line breaks would smuggle headers; past latin1 a header value is not bytes HTTP can carry. One
 * character class: the same set written as an alternation took eight times as long to test.
 */
const HEADER_FORBIDDEN = /[\r\n\0\u0100-\uffff]/;
/** Either a forbidden character or a latin1 one above ASCII (two bytes in UTF-8): one test finds both. */
const HEADER_NOT_PLAIN = /[\r\n\0\u0080-\uffff]/;

export interface Target {
  origin: string;
  hostname: string;
  port: number;
  hostHeader: string;
  path: string;
}

/** Parsed once per distinct URL: a router calls the same few endpoints over and over. */
const targets = new Map<string, Target>();

export function parseTarget(url: string): Target {
  let target = targets.get(url);
  if (target !== undefined) return target;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:') throw new TypeError(`the HTTP/1.1 client speaks plain http only, not ${parsed.protocol}`);
  const port = parsed.port === '' ? 80 : Number(parsed.port);
  // URL keeps IPv6 literals bracketed; the socket wants the bare address.
  const hostname = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  target = { origin: `${hostname}:${port}`, hostname, port, hostHeader: parsed.host, path: `${parsed.pathname}${parsed.search}` };
  if (targets.size >= 256) targets.clear();
  targets.set(url, target);
  return target;
}

export interface SerializedRequest {
  /** The request line and headers, up to and including the blank line. */
  head: string;
  body: string;
  /** The head's length in UTF-8 bytes, as the socket counts what it wrote. */
  headBytes: number;
  /** Head and body together, in UTF-8 bytes. */
  bytes: number;
}

/** The request line and headers serialized once; the body is kept as it is, and counted once. */
export function serializeRequest(target: Target, init: Http1Init): SerializedRequest {
  let head = `${init.method} ${target.path} HTTP/1.1\r\nhost: ${target.hostHeader}\r\n`;
  let hasUserAgent = false;
  let hasAcceptEncoding = false;
  // The request line, host and the client's own headers are ASCII; only a caller's value may not be.
  let ascii = true;
  const headers = init.headers;
  for (const name in headers) {
    const line = `${name}: ${headers[name]}`;
    // One test of the whole line: the name and value, and the separator that holds neither.
    if (HEADER_NOT_PLAIN.test(line)) {
      if (HEADER_FORBIDDEN.test(line)) throw new TypeError(`header "${name}" holds a line break or a character HTTP headers cannot carry`);
      ascii = false;
    }
    // Only a name as long as one of the client's own needs lower-casing: the rest pass without it.
    const own = OWN_LENGTHS.has(name.length) ? OWN_HEADERS.get(name.toLowerCase()) : undefined;
    if (own === 'framing') continue;
    if (own === 'user-agent') hasUserAgent = true;
    else if (own === 'accept-encoding') hasAcceptEncoding = true;
    head += `${line}\r\n`;
  }
  if (!hasUserAgent) head += `user-agent: ${USER_AGENT}\r\n`;
  // Without it a server may compress (RFC 9110 §12.5.3); a local server gains nothing from it.
  if (!hasAcceptEncoding) head += 'accept-encoding: identity\r\n';
  const bodyBytes = Buffer.byteLength(init.body);
  head += `content-length: ${bodyBytes}\r\n\r\n`;
  // An ASCII head is as many bytes as characters: no second pass to count them.
  const headBytes = ascii ? head.length : Buffer.byteLength(head);
  return { head, body: init.body, headBytes, bytes: headBytes + bodyBytes };
}

/**
 * Headers the client has a say in: framing is its business, never the caller's (the caller's are
 * dropped); a caller's user-agent or accept-encoding replaces the client's default.
 */
const OWN_HEADERS = new Map<string, 'framing' | 'user-agent' | 'accept-encoding'>([
  ['content-length', 'framing'],
  ['transfer-encoding', 'framing'],
  ['host', 'framing'],
  ['connection', 'framing'],
  ['user-agent', 'user-agent'],
  ['accept-encoding', 'accept-encoding'],
]);
const OWN_LENGTHS = new Set([...OWN_HEADERS.keys()].map((name) => name.length));
