/**
 * An encoder of the AWS event-stream framing, for tests: golden frames built from their parts, and
 * the bytes a fake CodeWhisperer server sends. The decoder under test is src/dialects/codewhisperer/event-stream.ts.
 * @see https://smithy.io/2.0/aws/amazon-eventstream.html
 */
import { crc32 } from 'node:zlib';

export type TestHeaderValue =
  | { type: 'bool'; value: boolean }
  | { type: 'byte' | 'short' | 'integer'; value: number }
  | { type: 'long' | 'timestamp'; value: bigint }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'uuid'; value: Uint8Array };

const encoder = new TextEncoder();

/** One message; plain string values are string headers (type 7), the only kind Kiro sends. */
export function encodeEventStreamMessage(headers: Record<string, string | TestHeaderValue>, payload: Uint8Array | string = new Uint8Array()): Uint8Array {
  const headerBytes = concat(Object.entries(headers).map(([name, value]) => encodeHeader(name, typeof value === 'string' ? { type: 'string', value } : value)));
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const total = 12 + headerBytes.length + body.length + 4;
  const message = new Uint8Array(total);
  const view = new DataView(message.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(message.subarray(0, 8)));
  message.set(headerBytes, 12);
  message.set(body, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(message.subarray(0, total - 4)));
  return message;
}

/** A CodeWhisperer event: `:message-type: event`, its `:event-type`, a JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
}

/** A modeled error inside the stream: `:message-type: exception`. */
export function encodeException(exceptionType: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify(payload));
}

function encodeHeader(name: string, header: TestHeaderValue): Uint8Array {
  const nameBytes = encoder.encode(name);
  const value = encodeHeaderValue(header);
  const out = new Uint8Array(1 + nameBytes.length + value.length);
  out[0] = nameBytes.length;
  out.set(nameBytes, 1);
  out.set(value, 1 + nameBytes.length);
  return out;
}

function encodeHeaderValue(header: TestHeaderValue): Uint8Array {
  const sized = (type: number, length: number, write: (view: DataView) => void) => {
    const out = new Uint8Array(1 + length);
    out[0] = type;
    write(new DataView(out.buffer, 1));
    return out;
  };
  switch (header.type) {
    case 'bool':
      return Uint8Array.of(header.value ? 0 : 1);
    case 'byte':
      return sized(2, 1, (view) => view.setInt8(0, header.value));
    case 'short':
      return sized(3, 2, (view) => view.setInt16(0, header.value));
    case 'integer':
      return sized(4, 4, (view) => view.setInt32(0, header.value));
    case 'long':
      return sized(5, 8, (view) => view.setBigInt64(0, header.value));
    case 'timestamp':
      return sized(8, 8, (view) => view.setBigInt64(0, header.value));
    case 'bytes':
    case 'string': {
      const bytes = header.type === 'string' ? encoder.encode(header.value) : header.value;
      const out = sized(header.type === 'string' ? 7 : 6, 2 + bytes.length, (view) => view.setUint16(0, bytes.length));
      out.set(bytes, 3);
      return out;
    }
    case 'uuid': {
      const out = new Uint8Array(17);
      out[0] = 9;
      out.set(header.value, 1);
      return out;
    }
    default: {
      const _exhaustive: never = header;
      throw new Error(`unknown header ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function fromHex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** One frame of a fixture under test/fixtures/codewhisperer/ (`*.events.json`). */
export type FixtureFrame =
  | { event: string; payload: unknown }
  | { exception: string; payload: unknown }
  | { error: string; message: string };

/** A fixture's frames as the bytes the service would send. */
export function encodeFixture(frames: readonly FixtureFrame[]): Uint8Array {
  return concat(
    frames.map((frame) => {
      if ('event' in frame) return encodeEvent(frame.event, frame.payload);
      if ('exception' in frame) return encodeException(frame.exception, frame.payload);
      return encodeEventStreamMessage({ ':message-type': 'error', ':error-code': frame.error, ':error-message': frame.message });
    }),
  );
}

/** Each frame as its own network chunk, the way a paced fake server sends them. */
export function fixtureChunks(frames: readonly FixtureFrame[]): Uint8Array[] {
  return frames.map((frame) => encodeFixture([frame]));
}
