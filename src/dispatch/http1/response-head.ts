/**
 * The head of an HTTP/1.1 response, line by line: the status line (RFC 9112 §4), header fields
 * (§5, obsolete folding rejected per §5.2) and the body framing they decide (§6.3, §9.3). Pure
 * functions over the head's bytes and its latin1 text; response-parser.ts finds the head and walks
 * the body.
 */

/** Names lower-cased, values with surrounding spaces/tabs trimmed, in arrival order, duplicates kept. */
export type HeaderPairs = [name: string, value: string][];

export interface ResponseHead {
  status: number;
  statusText: string; // reason phrase, '' if absent
  headers: HeaderPairs;
  /** How the body is framed, decided from the head (RFC 9112 §6.3). */
  framing: 'none' | 'length' | 'chunked' | 'close';
  /** For framing 'length': the declared length. */
  contentLength?: number;
}

/**
 * The value of the header `name` (lower-case), several lines of it joined with `separator` as RFC
 * 9110 §5.3 allows; undefined when absent. Indexed rather than destructured: it runs on every answer.
 */
export function headerValue(headers: HeaderPairs, name: string, separator = ', '): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < headers.length; i++) {
    if (headers[i][0] === name) found = found === undefined ? headers[i][1] : `${found}${separator}${headers[i][1]}`;
  }
  return found;
}

/** The bytes received are not a well-formed HTTP/1.x response. */
export class HttpParseError extends Error {
  override name = 'HttpParseError';
}

export const LF = 10;
export const CR = 13;
export const SP = 32;
export const HT = 9;
const COLON = 58;

type Framed =
  | { framing: 'none' | 'chunked' | 'close'; keepAlive: boolean }
  | { framing: 'length'; contentLength: number; keepAlive: boolean };

/** RFC 9112 §6.3 for a response to a POST, and §9.3 for whether the connection stays open. */
export function frameOf(minor: number, status: number, headers: HeaderPairs): Framed {
  let transferEncoding: string | undefined;
  let contentLength: string[] | undefined;
  let connectionClose = false;
  let connectionKeepAlive = false;
  // Indexed rather than destructured: the iterator protocol cost a third of this function.
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = headers[i][1];
    if (name === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding},${value}`;
    } else if (name === 'content-length') {
      (contentLength ??= []).push(value);
    } else if (name === 'connection') {
      if (listHas(value, 'close')) connectionClose = true;
      if (listHas(value, 'keep-alive')) connectionKeepAlive = true;
    }
  }
  const persistent = !connectionClose && (minor === 1 || connectionKeepAlive);

  if (status === 204 || status === 304) return { framing: 'none', keepAlive: persistent };
  if (transferEncoding !== undefined) {
    if (!lastMemberIs(transferEncoding, 'chunked')) return { framing: 'close', keepAlive: false };
    // Both headers is what a smuggling attempt looks like: honour the chunks, but do not reuse the connection.
    return { framing: 'chunked', keepAlive: persistent && contentLength === undefined };
  }
  if (contentLength !== undefined) {
    return { framing: 'length', contentLength: parseContentLength(contentLength), keepAlive: persistent };
  }
  return { framing: 'close', keepAlive: false };
}

/** Whether the comma-separated list `value` has the member `token` (lower-case letters and '-'), in any case. */
function listHas(value: string, token: string): boolean {
  let start = 0;
  for (;;) {
    const comma = value.indexOf(',', start);
    const end = comma === -1 ? value.length : comma;
    if (memberIs(value, start, end, token)) return true;
    if (comma === -1) return false;
    start = comma + 1;
  }
}

/** Whether the last non-empty member of a list is `token`: empty members are allowed (RFC 9110 §5.6.1). */
function lastMemberIs(value: string, token: string): boolean {
  let end = value.length;
  while (end >= 0) {
    const start = value.lastIndexOf(',', end - 1) + 1;
    let first = start;
    while (first < end && isOws(value.charCodeAt(first))) first++;
    if (first < end) return memberIs(value, start, end, token);
    end = start - 1;
  }
  return false;
}

/** Compares `value[start..end)`, trimmed, with `token` without allocating: `| 0x20` lower-cases letters, keeps '-'. */
function memberIs(value: string, start: number, end: number, token: string): boolean {
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  if (end - start !== token.length) return false;
  for (let i = 0; i < token.length; i++) {
    if ((value.charCodeAt(start + i) | 0x20) !== token.charCodeAt(i)) return false;
  }
  return true;
}

/** Several values are accepted only when they all state the same length (RFC 9112 §6.3, item 5). */
function parseContentLength(values: string[]): number {
  // The usual case, one plain number, without the general walk's arrays.
  if (values.length === 1 && isDigits(values[0])) return safeLength(values[0]);
  let length = -1;
  for (const value of values) {
    // Nearly always a single plain number: no need to split it.
    const parts = isDigits(value) ? [value] : value.split(',');
    for (const part of parts) {
      const digits = trimOws(part);
      if (!isDigits(digits)) throw new HttpParseError(`invalid content-length ${JSON.stringify(value)}`);
      const n = safeLength(digits);
      if (length !== -1 && n !== length) {
        throw new HttpParseError(`conflicting content-length values: ${values.join(', ')}`);
      }
      length = n;
    }
  }
  return length;
}

function safeLength(digits: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new HttpParseError(`content-length ${digits} is too large`);
  return n;
}

export function parseStatusLine(line: string): { minor: number; status: number; statusText: string } {
  // HTTP-version SP 3DIGIT [ SP reason-phrase ] (RFC 9112 §4, which lets the reason be empty or absent).
  const minor = line.charCodeAt(7) - 48;
  const d1 = line.charCodeAt(9) - 48;
  const d2 = line.charCodeAt(10) - 48;
  const d3 = line.charCodeAt(11) - 48;
  const wellFormed =
    line.startsWith('HTTP/1.') &&
    (minor === 0 || minor === 1) &&
    line.charCodeAt(8) === SP &&
    d1 >= 1 && d1 <= 9 &&
    d2 >= 0 && d2 <= 9 &&
    d3 >= 0 && d3 <= 9 &&
    (line.length === 12 || line.charCodeAt(12) === SP);
  if (!wellFormed) {
    throw new HttpParseError(`expected a status line like "HTTP/1.1 200 OK", got ${preview(line)}`);
  }
  return { minor, status: d1 * 100 + d2 * 10 + d3, statusText: line.slice(13) };
}

/** The header line `buffer[start..end)`, `text` holding the head from `base` on (RFC 9112 §5). */
export function parseHeaderLine(
  buffer: Uint8Array,
  text: string,
  base: number,
  start: number,
  end: number,
): [name: string, value: string] {
  const first = buffer[start];
  if (first === SP || first === HT) {
    throw lineError('obsolete line folding (a header line starting with whitespace)', text, start - base, end - base);
  }
  // One pass over the name finds the colon and tells whether lower-casing is needed at all.
  let colon = start;
  let whitespace = false;
  let upper = false;
  for (; colon < end; colon++) {
    const code = buffer[colon];
    if (code === COLON) break;
    if (code === SP || code === HT) whitespace = true;
    else if ((code >= 65 && code <= 90) || code > 127) upper = true;
  }
  if (colon === end) throw lineError('header line without a colon', text, start - base, end - base);
  if (colon === start) throw lineError('header line with an empty name', text, start - base, end - base);
  if (whitespace) throw lineError('whitespace in header name', text, start - base, end - base);
  let valueStart = colon + 1;
  let valueEnd = end;
  while (valueStart < valueEnd && isOws(buffer[valueStart])) valueStart++;
  while (valueEnd > valueStart && isOws(buffer[valueEnd - 1])) valueEnd--;
  let name = knownName(buffer, start, colon);
  if (name === undefined) {
    name = text.slice(start - base, colon - base);
    if (upper) name = name.toLowerCase();
  }
  return [name, text.slice(valueStart - base, valueEnd - base)];
}

function lineError(reason: string, text: string, start: number, end: number): HttpParseError {
  return new HttpParseError(`${reason}: ${preview(text.slice(start, end))}`);
}

/**
 * Names that local model servers' responses carry, by length (this client calls only plain-http
 * upstreams). Recognising them from the bytes skips a `toLowerCase` per header, which cost more
 * than the rest of a header's parsing together; any other name is lower-cased as usual.
 */
const KNOWN_NAMES: string[][] = [];
for (const name of [
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'server',
  'vary',
  'cache-control',
  'content-encoding',
  'set-cookie',
  'x-request-id',
  'retry-after',
]) {
  (KNOWN_NAMES[name.length] ??= []).push(name);
}

/** The interned lower-case name if `buffer[start..end)` is a known one, in any case. */
function knownName(buffer: Uint8Array, start: number, end: number): string | undefined {
  const candidates = KNOWN_NAMES[end - start];
  if (candidates === undefined) return undefined;
  for (const name of candidates) if (sameName(buffer, start, name)) return name;
  return undefined;
}

function sameName(buffer: Uint8Array, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    // A CR (0x0D) would match '-' (0x2D) here, but bare CRs were rejected before.
    if ((buffer[start + i] | 0x20) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** A CR is only allowed before an LF: a bare one could be read as a line end by someone else (RFC 9112 §2.2). */
export function rejectBareCr(text: string): void {
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    // The text stops before the LF of its last line, so a CR at its very end is that line's.
    if (cr + 1 < text.length && text.charCodeAt(cr + 1) !== LF) {
      const lineStart = text.lastIndexOf('\n', cr) + 1;
      const lineEnd = text.indexOf('\n', cr);
      throw lineError('bare CR in response head', text, lineStart, lineEnd === -1 ? text.length : lineEnd);
    }
  }
}

/** The end of the line `buffer[start..lineEnd)` without the CR of its CRLF. */
export function withoutCr(buffer: Uint8Array, start: number, lineEnd: number): number {
  return lineEnd > start && buffer[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
}

/** Trims spaces and tabs only: `String.prototype.trim` would also eat latin1 0xA0 and others. */
function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isOws(code: number): boolean {
  return code === SP || code === HT;
}

function isDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** One byte, one char: header bytes above 0x7F are opaque (RFC 9110 §5.5), never UTF-8 or windows-1252. */
export const latin1 = (bytes: Uint8Array, start: number, end: number): string => decodeBytes(bytes, 'latin1', start, end);

/**
 * `bytes[start..end)` as text, decoded where it lies by Buffer's decoder, which takes any
 * Uint8Array: a `subarray` view, or reading `bytes.buffer`, would make the engine give the chunk a
 * separate ArrayBuffer object on every response.
 */
export function decodeBytes(bytes: Uint8Array, encoding: 'latin1' | 'utf8', start: number, end: number): string {
  return bufferToString.call(bytes, encoding, start, end);
}

const bufferToString = Buffer.prototype.toString as (this: Uint8Array, encoding: 'latin1' | 'utf8', start: number, end: number) => string;

export function describeByte(b: number): string {
  return b >= 0x21 && b <= 0x7e ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

function preview(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line);
}
