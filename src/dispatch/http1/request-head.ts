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
  text: string;
  /** Its length in UTF-8 bytes, as the socket counts what it wrote. */
  bytes: number;
}

/** The request line, headers and body as one string: one write, which usually takes it all. */
export function serializeRequest(target: Target, init: Http1Init): SerializedRequest {
  let head = `${init.method} ${target.path} HTTP/1.1\r\nhost: ${target.hostHeader}\r\n`;
  let hasUserAgent = false;
  let hasAcceptEncoding = false;
  const headers = init.headers;
  for (const name in headers) {
    const line = `${name}: ${headers[name]}`;
    // One test of the whole line: the name and value, and the separator that holds neither.
    if (HEADER_FORBIDDEN.test(line)) throw new TypeError(`header "${name}" holds a line break or a character HTTP headers cannot carry`);
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
  const text = `${head}content-length: ${Buffer.byteLength(init.body)}\r\n\r\n${init.body}`;
  // Counted on the whole string, which flattens it once here rather than the head and then the whole again.
  return { text, bytes: Buffer.byteLength(text) };
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
