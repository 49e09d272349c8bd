/**
 * The AWS event-stream framing (`application/vnd.amazon.eventstream`), bytes in, messages out, for
 * any chunk boundary. CodeWhisperer / Kiro answers `generateAssistantResponse` with it instead of SSE.
 *
 * A message is, big-endian: u32 total length | u32 headers length | u32 CRC32 of those 8 bytes |
 * headers | payload | u32 CRC32 of everything before it. Both checksums are checked; the spec says
 * a stream with a bad one must be terminated, so the first corrupt frame is an error value and the
 * decoder reads nothing after it.
 * @see https://smithy.io/2.0/aws/amazon-eventstream.html
 */
import { crc32 } from 'node:zlib';

export type EventStreamHeaderValue = boolean | number | bigint | string | Uint8Array | Date;

export interface EventStreamMessage {
  headers: Record<string, EventStreamHeaderValue>;
  payload: Uint8Array;
}

export type EventStreamRead = { kind: 'message'; message: EventStreamMessage } | { kind: 'error'; message: string };

const PRELUDE_LENGTH = 12;
const MESSAGE_CRC_LENGTH = 4;
const MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + MESSAGE_CRC_LENGTH;
/**
 * The spec caps a payload at 24 MiB and encoded headers at 128 KiB: a length past their sum is a
 * corrupt prelude that slipped past its CRC, not a frame to wait 4 GB for.
 */
const MAX_MESSAGE_LENGTH = MIN_MESSAGE_LENGTH + 128 * 1024 + 24 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** One decoder per response; `push` each network read, `end` when the body ends. */
export class EventStreamDecoder {
  /** Bytes not yet decoded, in arrival order; joined only once a whole message is there. */
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Total length of the message being collected, once its prelude has been checked. */
  private expected: number | undefined;
  private failed = false;

  push(bytes: Uint8Array): EventStreamRead[] {
    if (this.failed || bytes.length === 0) return [];
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    const out: EventStreamRead[] = [];
    while (!this.failed) {
      if (this.expected === undefined) {
        if (this.buffered < PRELUDE_LENGTH) break;
        const checked = checkPrelude(this.peek(PRELUDE_LENGTH));
        if (typeof checked === 'string') {
          out.push(this.fail(checked));
          break;
        }
        this.expected = checked;
      }
      if (this.buffered < this.expected) break;
      const frame = this.take(this.expected);
      this.expected = undefined;
      const read = decodeMessage(frame);
      if (read.kind === 'error') out.push(this.fail(read.message));
      else out.push(read);
    }
    return out;
  }

  /** The body ended: an error if it stopped inside a message. */
  end(): EventStreamRead[] {
    if (this.failed || this.buffered === 0) return [];
    const expected = this.expected === undefined ? '' : ` of ${this.expected}`;
    return [this.fail(`the event stream ended inside a message (${this.buffered}${expected} bytes received)`)];
  }

  private fail(message: string): EventStreamRead {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    return { kind: 'error', message };
  }

  /** The first `length` bytes, contiguous; chunks are joined only when a read spans several. */
  private peek(length: number): Uint8Array {
    const first = this.chunks[0];
    if (first.length >= length) return first.subarray(0, length);
    const joined = concat(this.chunks, this.buffered);
    this.chunks = [joined];
    return joined.subarray(0, length);
  }

  private take(length: number): Uint8Array {
    const bytes = this.peek(length);
    const first = this.chunks[0];
    if (first.length === length) this.chunks.shift();
    else this.chunks[0] = first.subarray(length);
    this.buffered -= length;
    return bytes;
  }
}

/** The message's total length, or why the prelude is refused. */
function checkPrelude(prelude: Uint8Array): number | string {
  const view = new DataView(prelude.buffer, prelude.byteOffset, prelude.byteLength);
  const total = view.getUint32(0);
  const headersLength = view.getUint32(4);
  const expectedCrc = view.getUint32(8);
  const actualCrc = crc32(prelude.subarray(0, 8));
  if (actualCrc !== expectedCrc) return `event stream prelude CRC mismatch (expected ${hex(expectedCrc)}, computed ${hex(actualCrc)})`;
  if (total < MIN_MESSAGE_LENGTH || total > MAX_MESSAGE_LENGTH) return `event stream message length ${total} is out of range`;
  if (headersLength > total - MIN_MESSAGE_LENGTH) return `event stream headers length ${headersLength} exceeds the message (${total} bytes)`;
  return total;
}

function decodeMessage(frame: Uint8Array): EventStreamRead {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const total = frame.length;
  const expectedCrc = view.getUint32(total - MESSAGE_CRC_LENGTH);
  const actualCrc = crc32(frame.subarray(0, total - MESSAGE_CRC_LENGTH));
  if (actualCrc !== expectedCrc) return { kind: 'error', message: `event stream message CRC mismatch (expected ${hex(expectedCrc)}, computed ${hex(actualCrc)})` };
  const headersEnd = PRELUDE_LENGTH + view.getUint32(4);
  const headers = decodeHeaders(frame, view, PRELUDE_LENGTH, headersEnd);
  if (typeof headers === 'string') return { kind: 'error', message: headers };
  return { kind: 'message', message: { headers, payload: frame.subarray(headersEnd, total - MESSAGE_CRC_LENGTH) } };
}

/** The headers between `start` and `end`, or what is wrong with them. */
function decodeHeaders(frame: Uint8Array, view: DataView, start: number, end: number): Record<string, EventStreamHeaderValue> | string {
  const headers: Record<string, EventStreamHeaderValue> = {};
  let at = start;
  const need = (count: number) => at + count <= end;
  while (at < end) {
    const nameLength = frame[at++];
    if (nameLength === 0 || !need(nameLength + 1)) return 'event stream header name is empty or runs past the headers';
    const name = utf8.decode(frame.subarray(at, at + nameLength));
    at += nameLength;
    const type = frame[at++];
    switch (type) {
      case 0:
      case 1:
        headers[name] = type === 0;
        break;
      case 2:
        if (!need(1)) return truncated(name);
        headers[name] = view.getInt8(at);
        at += 1;
        break;
      case 3:
        if (!need(2)) return truncated(name);
        headers[name] = view.getInt16(at);
        at += 2;
        break;
      case 4:
        if (!need(4)) return truncated(name);
        headers[name] = view.getInt32(at);
        at += 4;
        break;
      case 5:
      case 8: {
        if (!need(8)) return truncated(name);
        const value = view.getBigInt64(at);
        headers[name] = type === 5 ? value : new Date(Number(value));
        at += 8;
        break;
      }
      case 6:
      case 7: {
        if (!need(2)) return truncated(name);
        const length = view.getUint16(at);
        at += 2;
        if (!need(length)) return truncated(name);
        const bytes = frame.subarray(at, at + length);
        headers[name] = type === 7 ? utf8.decode(bytes) : bytes.slice();
        at += length;
        break;
      }
      case 9:
        if (!need(16)) return truncated(name);
        headers[name] = formatUuid(frame.subarray(at, at + 16));
        at += 16;
        break;
      default:
        return `event stream header ${JSON.stringify(name)} has unknown type ${type}`;
    }
  }
  return headers;
}

const truncated = (name: string) => `event stream header ${JSON.stringify(name)} runs past the headers`;

function formatUuid(bytes: Uint8Array): string {
  const hexText = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hexText.slice(0, 8)}-${hexText.slice(8, 12)}-${hexText.slice(12, 16)}-${hexText.slice(16, 20)}-${hexText.slice(20)}`;
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;

/** A header's value as text: CodeWhisperer sends only string headers; anything else reads as absent. */
export function stringHeader(message: EventStreamMessage, name: string): string | undefined {
  const value = message.headers[name];
  return typeof value === 'string' ? value : undefined;
}
