/**
 * An incremental parser of one HTTP/1.1 response as it arrives on a client connection, fed bytes
 * split anywhere. It follows RFC 9112: the status line (§4), header lines (§5, obsolete folding
 * rejected per §5.2), body framing decided from the head (§6.3), the chunked coding (§7.1) and
 * connection persistence (§9.3). A bare LF is accepted as a line end (§2.2).
 *
 * It sits on every upstream request, so it stays cheap: the end of the head is found with
 * `indexOf` over the bytes, only a head that spans several pushes is copied, and body bytes are
 * handed on as a range of the pushed chunk, never copied or decoded: not even as a `subarray` view,
 * which cost JSC a fresh ArrayBuffer object for the chunk on top of the view (0.6 µs, a fifth of
 * parsing a small answer). The head's lines are read by response-head.ts.
 */
import {
  CR,
  describeByte,
  frameOf,
  HT,
  HttpParseError,
  latin1,
  LF,
  parseHeaderLine,
  parseStatusLine,
  rejectBareCr,
  SP,
  withoutCr,
  type HeaderPairs,
  type ResponseHead,
} from './response-head';

export { HttpParseError, type HeaderPairs, type ResponseHead };

/** Body bytes: `chunk[start..end)` of a pushed chunk, never empty. */
export interface BodyRange {
  type: 'body';
  chunk: Uint8Array;
  start: number;
  end: number;
}

export type ParseEvent =
  | { type: 'head'; head: ResponseHead }
  | BodyRange
  | { type: 'end'; keepAlive: boolean }; // the response is complete

/** The range's bytes as one array: the pushed chunk itself when the range spans all of it, else a view. */
export function bytesOf(range: BodyRange): Uint8Array {
  const { chunk, start, end } = range;
  return start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end);
}

type EndEvent = Extract<ParseEvent, { type: 'end' }>;

type State =
  | 'head'
  | 'length'
  | 'close'
  | 'chunk-size'
  | 'chunk-size-ws'
  | 'chunk-ext'
  | 'chunk-size-lf'
  | 'chunk-data'
  | 'chunk-data-cr'
  | 'chunk-data-lf'
  | 'trailer-start'
  | 'trailer-line'
  | 'trailer-end-lf'
  | 'done'
  | 'failed';

const SEMICOLON = 59;

/** Far beyond any real chunk, yet small enough that the running sum stays an exact integer. */
const MAX_CHUNK_SIZE = 2 ** 40;
const DEFAULT_MAX_HEAD_BYTES = 64 * 1024;

export class ResponseParser {
  private readonly maxHeadBytes: number;
  private state: State = 'head';
  private failure: HttpParseError | undefined;
  private anyByte = false;

  /** Head bytes kept across pushes; allocated only when a head does not arrive in one push. */
  private headBuffer: Uint8Array | undefined;
  private headLength = 0;
  /** Where to resume looking for the blank line, so a head split in many pushes is scanned once. */
  private scanFrom = 0;
  /** Index of the LF that ends the last header line, set when the head end is found. */
  private linesEnd = 0;

  private keepAlive = false;
  private contentLength = 0;
  /** Body bytes still expected: of the whole body (length framing) or of the current chunk. */
  private remaining = 0;
  private chunkSize = 0;
  private chunkDigits = 0;
  /** Kept so bytes after the end, in the same push, can still turn keep-alive off. */
  private endEvent: EndEvent | undefined;

  constructor(options?: { maxHeadBytes?: number }) {
    const max = options?.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES;
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`maxHeadBytes must be a positive integer, got ${max}`);
    this.maxHeadBytes = max;
  }

  /** True once any byte of the current response has been received. */
  get started(): boolean {
    return this.anyByte;
  }

  /** True after 'end' was emitted. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** Bytes received on the connection; returns the events they complete, in order. Throws HttpParseError. */
  push(bytes: Uint8Array): ParseEvent[] {
    if (this.state === 'failed') throw this.failure!;
    // Bytes after the end belong to no request: the end event already went out, the caller owns the rest.
    if (this.state === 'done' || bytes.length === 0) return [];
    this.anyByte = true;
    const events: ParseEvent[] = [];
    try {
      this.consume(bytes, events);
    } catch (error) {
      if (error instanceof HttpParseError) {
        this.state = 'failed';
        this.failure = error;
      }
      throw error;
    }
    return events;
  }

  /**
   * The peer closed the connection. Completes a close-delimited body; throws if a response was
   * started but is incomplete; returns [] if nothing of a response was received.
   */
  close(): ParseEvent[] {
    switch (this.state) {
      case 'done':
        return [];
      case 'failed':
        throw this.failure!;
      case 'head':
        if (!this.anyByte) return [];
        return this.fail('connection closed before the response head was complete');
      case 'close': {
        const events: ParseEvent[] = [];
        this.keepAlive = false;
        this.emitEnd(events);
        return events;
      }
      case 'length':
        return this.fail(
          `connection closed after ${this.contentLength - this.remaining} of ${this.contentLength} body bytes`,
        );
      case 'chunk-data':
        return this.fail(`connection closed inside a chunked body, ${this.remaining} bytes short of the chunk's end`);
      case 'trailer-start':
      case 'trailer-line':
      case 'trailer-end-lf':
        return this.fail('connection closed inside a chunked body, before the end of its trailer section');
      case 'chunk-size':
      case 'chunk-size-ws':
      case 'chunk-ext':
      case 'chunk-size-lf':
      case 'chunk-data-cr':
      case 'chunk-data-lf':
        return this.fail('connection closed inside a chunked body, between chunks');
      default: {
        const exhaustive: never = this.state;
        return exhaustive;
      }
    }
  }

  private fail(message: string): never {
    const error = new HttpParseError(message);
    this.state = 'failed';
    this.failure = error;
    throw error;
  }

  private consume(bytes: Uint8Array, events: ParseEvent[]): void {
    const length = bytes.length;
    let at = 0;
    while (at < length) {
      switch (this.state) {
        case 'head':
          at = this.readHead(bytes, at, events);
          break;
        case 'length':
        case 'chunk-data': {
          const n = Math.min(this.remaining, length - at);
          events.push({ type: 'body', chunk: bytes, start: at, end: at + n });
          at += n;
          this.remaining -= n;
          if (this.remaining > 0) break;
          if (this.state === 'length') this.emitEnd(events);
          else this.state = 'chunk-data-cr';
          break;
        }
        case 'close':
          events.push({ type: 'body', chunk: bytes, start: at, end: length });
          at = length;
          break;
        case 'done':
          // More bytes than the response framed: the connection cannot be trusted with another request.
          this.endEvent!.keepAlive = false;
          return;
        case 'failed':
          throw this.failure!;
        default:
          at = this.readChunkFraming(bytes, at, events);
      }
    }
  }

  private emitEnd(events: ParseEvent[]): void {
    this.state = 'done';
    this.endEvent = { type: 'end', keepAlive: this.keepAlive };
    events.push(this.endEvent);
  }

  /** Reads head bytes from `bytes[at..]`; returns where the head stopped (the end of `bytes` if it goes on). */
  private readHead(bytes: Uint8Array, at: number, events: ParseEvent[]): number {
    const max = this.maxHeadBytes;
    const before = this.headLength;
    if (before === 0) {
      // The common case, a head that arrived whole: parse it where it lies, without copies or views.
      const limit = Math.min(bytes.length, at + max);
      const end = this.findHeadEnd(bytes, at, limit);
      if (end !== -1) {
        this.scanFrom = 0;
        this.onHead(bytes, at, this.linesEnd, events);
        return end;
      }
      // The pushed chunk may be a buffer the caller reuses: what stays here must be a copy.
      this.append(bytes.subarray(at, limit));
    } else {
      // A head of more than `max` bytes fails anyway, so only that much is ever kept.
      this.append(bytes.subarray(at, at + Math.min(bytes.length - at, max - before)));
      const end = this.findHeadEnd(this.headBuffer!, 0, this.headLength);
      if (end !== -1) {
        this.headLength = 0;
        this.scanFrom = 0;
        this.onHead(this.headBuffer!, 0, this.linesEnd, events);
        return at + end - before;
      }
    }
    if (this.headLength >= max) this.fail(`response head larger than ${max} bytes`);
    return bytes.length;
  }

  private append(bytes: Uint8Array): void {
    const needed = this.headLength + bytes.length;
    let buffer = this.headBuffer;
    if (buffer === undefined || buffer.length < needed) {
      const grown = new Uint8Array(Math.min(this.maxHeadBytes, Math.max(needed, 2 * (buffer?.length ?? 0), 1024)));
      if (buffer !== undefined) grown.set(buffer.subarray(0, this.headLength));
      this.headBuffer = buffer = grown;
    }
    buffer.set(bytes, this.headLength);
    this.headLength = needed;
  }

  /**
   * Index just past the blank line (LF then LF, or LF then CRLF) that ends the head starting at
   * `start`, looking no further than `limit`; -1 if it is not there yet. The scan resumes where it
   * stopped, at an LF whose follower had not arrived, so a head split in many pushes is read once.
   */
  private findHeadEnd(buffer: Uint8Array, start: number, limit: number): number {
    let i = buffer.indexOf(LF, start + this.scanFrom);
    while (i !== -1 && i + 1 < limit) {
      const next = buffer[i + 1];
      if (next === LF) {
        this.linesEnd = i;
        return i + 2;
      }
      if (next === CR) {
        if (i + 2 >= limit) break;
        if (buffer[i + 2] === LF) {
          this.linesEnd = i;
          return i + 3;
        }
      }
      i = buffer.indexOf(LF, i + 1);
    }
    this.scanFrom = (i === -1 || i >= limit ? limit : i) - start;
    return -1;
  }

  /**
   * Parses the head lines `buffer[start..linesEnd)`, the blank line that ended them excluded. Lines
   * are walked over the bytes, which index faster than a string; the string only gives the slices.
   */
  private onHead(buffer: Uint8Array, start: number, linesEnd: number, events: ParseEvent[]): void {
    const text = latin1(buffer, start, linesEnd);
    rejectBareCr(text);
    // `linesEnd` is itself an LF, so every search below finds one by then.
    let lineEnd = buffer.indexOf(LF, start);
    const { minor, status, statusText } = parseStatusLine(text.slice(0, withoutCr(buffer, start, lineEnd) - start));
    const headers: HeaderPairs = [];
    while (lineEnd < linesEnd) {
      const lineStart = lineEnd + 1;
      lineEnd = buffer.indexOf(LF, lineStart);
      headers.push(parseHeaderLine(buffer, text, start, lineStart, withoutCr(buffer, lineStart, lineEnd)));
    }

    if (status === 101) this.fail('unexpected protocol switch (101 Switching Protocols) in answer to a plain request');
    // Interim answers (100 Continue, 103 Early Hints) carry no body and precede the real one (RFC 9110 §15.2).
    if (status < 200) return;

    const framed = frameOf(minor, status, headers);
    const response: ResponseHead = { status, statusText, headers, framing: framed.framing };
    if (framed.framing === 'length') response.contentLength = framed.contentLength;
    this.keepAlive = framed.keepAlive;
    events.push({ type: 'head', head: response });

    switch (framed.framing) {
      case 'none':
        this.emitEnd(events);
        break;
      case 'length':
        if (framed.contentLength === 0) {
          this.emitEnd(events);
        } else {
          this.state = 'length';
          this.contentLength = this.remaining = framed.contentLength;
        }
        break;
      case 'chunked':
        this.state = 'chunk-size';
        this.chunkSize = 0;
        this.chunkDigits = 0;
        break;
      case 'close':
        this.state = 'close';
        break;
      default: {
        const exhaustive: never = framed;
        return exhaustive;
      }
    }
  }

  /**
   * Walks the framing bytes of the chunked coding (size lines, the CRLF after data, trailers) byte
   * by byte; they are a few bytes per chunk. Returns where chunk data starts, or the end of input.
   */
  private readChunkFraming(bytes: Uint8Array, at: number, events: ParseEvent[]): number {
    const length = bytes.length;
    let i = at;
    while (i < length) {
      const b = bytes[i];
      switch (this.state) {
        case 'chunk-size': {
          const digit = hexValue(b);
          if (digit !== -1) {
            this.chunkSize = this.chunkSize * 16 + digit;
            this.chunkDigits++;
            if (this.chunkSize > MAX_CHUNK_SIZE) this.fail(`chunk size larger than ${MAX_CHUNK_SIZE} bytes`);
            i++;
            break;
          }
          if (this.chunkDigits === 0) this.fail(`chunk size expected, got ${describeByte(b)}`);
          if (b === SP || b === HT) this.state = 'chunk-size-ws';
          else if (b === SEMICOLON) this.state = 'chunk-ext';
          else if (b === CR) this.state = 'chunk-size-lf';
          else if (b === LF) this.endSizeLine();
          else this.fail(`invalid character ${describeByte(b)} in chunk size`);
          i++;
          break;
        }
        case 'chunk-size-ws':
          // Whitespace may precede a chunk extension (the BWS of RFC 9112 §7.1.1).
          if (b === SEMICOLON) this.state = 'chunk-ext';
          else if (b === CR) this.state = 'chunk-size-lf';
          else if (b === LF) this.endSizeLine();
          else if (b !== SP && b !== HT) this.fail(`invalid character ${describeByte(b)} after chunk size`);
          i++;
          break;
        case 'chunk-ext': {
          // Extensions mean nothing to us: skip to the end of the line.
          const lf = bytes.indexOf(LF, i);
          if (lf === -1) return length;
          this.endSizeLine();
          i = lf + 1;
          break;
        }
        case 'chunk-size-lf':
          if (b !== LF) this.fail(`chunk size line: CR not followed by LF (got ${describeByte(b)})`);
          this.endSizeLine();
          i++;
          break;
        case 'chunk-data-cr':
          if (b === CR) this.state = 'chunk-data-lf';
          else if (b === LF) this.state = 'chunk-size';
          else this.fail(`chunk data not followed by CRLF (got ${describeByte(b)})`);
          i++;
          break;
        case 'chunk-data-lf':
          if (b !== LF) this.fail(`chunk data not followed by CRLF (got CR then ${describeByte(b)})`);
          this.state = 'chunk-size';
          i++;
          break;
        case 'trailer-start':
          if (b === CR) this.state = 'trailer-end-lf';
          else if (b === LF) {
            this.emitEnd(events);
            return i + 1;
          } else this.state = 'trailer-line';
          i++;
          break;
        case 'trailer-line': {
          // Trailer fields are ignored (RFC 9112 §7.1.2 lets a recipient discard them).
          const lf = bytes.indexOf(LF, i);
          if (lf === -1) return length;
          this.state = 'trailer-start';
          i = lf + 1;
          break;
        }
        case 'trailer-end-lf':
          if (b !== LF) this.fail(`chunked body: CR not followed by LF at its end (got ${describeByte(b)})`);
          this.emitEnd(events);
          return i + 1;
        default:
          // Chunk data, or any state the caller loop handles.
          return i;
      }
    }
    return i;
  }

  private endSizeLine(): void {
    const size = this.chunkSize;
    this.chunkSize = 0;
    this.chunkDigits = 0;
    if (size === 0) {
      this.state = 'trailer-start';
    } else {
      this.state = 'chunk-data';
      this.remaining = size;
    }
  }
}

function hexValue(b: number): number {
  if (b >= 48 && b <= 57) return b - 48; // 0-9
  if (b >= 97 && b <= 102) return b - 87; // a-f
  if (b >= 65 && b <= 70) return b - 55; // A-F
  return -1;
}
