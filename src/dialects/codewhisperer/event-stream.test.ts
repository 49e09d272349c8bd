import { describe, expect, test } from 'bun:test';
import { crc32 } from 'node:zlib';
import { concat, encodeEvent, encodeEventStreamMessage, encodeException, fromHex } from '../../../test/support/event-stream';
import { EventStreamDecoder, type EventStreamRead } from './event-stream';

/**
 * The test vector of awslabs/aws-c-event-stream (one string header, a JSON payload), as quoted by
 * other implementations: checks the layout and both CRCs against bytes this file did not make.
 */
const AWS_VECTOR = fromHex(
  '0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1',
);

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function decodeAll(bytes: Uint8Array, cuts: readonly number[] = []): EventStreamRead[] {
  const decoder = new EventStreamDecoder();
  const out: EventStreamRead[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...decoder.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...decoder.end());
  return out;
}

/** Reads as plain data, so that equality compares payload text rather than buffer identity. */
const plain = (reads: EventStreamRead[]) =>
  reads.map((read) => (read.kind === 'error' ? read : { headers: read.message.headers, payload: text(read.message.payload) }));

describe('EventStreamDecoder', () => {
  test('decodes the aws-c-event-stream test vector, and the test encoder makes the same bytes', () => {
    expect(plain(decodeAll(AWS_VECTOR))).toEqual([{ headers: { 'content-type': 'application/json' }, payload: "{'foo':'bar'}" }]);
    expect(encodeEventStreamMessage({ 'content-type': 'application/json' }, "{'foo':'bar'}")).toEqual(AWS_VECTOR);
  });

  const stream = concat([
    encodeEvent('assistantResponseEvent', { content: 'Hello, ' }),
    encodeEvent('assistantResponseEvent', { content: 'wörld 🌍' }),
    encodeEventStreamMessage({ ':message-type': 'event', ':event-type': 'empty' }),
    encodeEvent('toolUseEvent', { toolUseId: 't1', name: 'Read', input: '{"file_path":"/a"}', stop: true }),
    encodeException('ThrottlingException', { message: 'slow down' }),
  ]);
  const whole = plain(decodeAll(stream));

  test('several messages in one read, an empty payload, UTF-8 across the payload', () => {
    expect(whole.map((read) => ('payload' in read ? read.payload : read))).toEqual([
      '{"content":"Hello, "}',
      '{"content":"wörld 🌍"}',
      '',
      '{"toolUseId":"t1","name":"Read","input":"{\\"file_path\\":\\"/a\\"}","stop":true}',
      '{"message":"slow down"}',
    ]);
    expect(whole[4]).toMatchObject({ headers: { ':message-type': 'exception', ':exception-type': 'ThrottlingException' } });
  });

  test('every single split point gives the same messages', () => {
    const mismatches: number[] = [];
    for (let cut = 1; cut < stream.length; cut++) {
      if (JSON.stringify(plain(decodeAll(stream, [cut]))) !== JSON.stringify(whole)) mismatches.push(cut);
    }
    expect(mismatches).toEqual([]);
  });

  test('one byte at a time', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    expect(plain(decodeAll(stream, cuts))).toEqual(whole);
  });

  test('every header type decodes', () => {
    const uuid = Uint8Array.from({ length: 16 }, (_, i) => i);
    const frame = encodeEventStreamMessage({
      yes: { type: 'bool', value: true },
      no: { type: 'bool', value: false },
      byte: { type: 'byte', value: -7 },
      short: { type: 'short', value: -300 },
      integer: { type: 'integer', value: 70000 },
      long: { type: 'long', value: 2n ** 40n },
      bytes: { type: 'bytes', value: Uint8Array.of(1, 2, 3) },
      string: { type: 'string', value: 'é' },
      timestamp: { type: 'timestamp', value: 1_700_000_000_000n },
      uuid: { type: 'uuid', value: uuid },
    });
    const [read] = decodeAll(frame);
    expect(read.kind).toBe('message');
    expect(read.kind === 'message' && read.message.headers).toEqual({
      yes: true,
      no: false,
      byte: -7,
      short: -300,
      integer: 70000,
      long: 2n ** 40n,
      bytes: Uint8Array.of(1, 2, 3),
      string: 'é',
      timestamp: new Date(1_700_000_000_000),
      uuid: '00010203-0405-0607-0809-0a0b0c0d0e0f',
    });
  });

  test('a corrupt prelude CRC is an error, and nothing after it is read', () => {
    const bad = AWS_VECTOR.slice();
    bad[8] ^= 0xff;
    const reads = decodeAll(concat([bad, AWS_VECTOR]));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('prelude CRC mismatch') });
  });

  test('a corrupt payload byte fails the message CRC', () => {
    const bad = AWS_VECTOR.slice();
    bad[bad.length - 6] ^= 0x01;
    expect(decodeAll(concat([AWS_VECTOR, bad, AWS_VECTOR])).map((read) => read.kind)).toEqual(['message', 'error']);
    expect(decodeAll(bad)[0]).toMatchObject({ message: expect.stringContaining('message CRC mismatch') });
  });

  test('a length past what the spec allows is refused even with a valid prelude CRC', () => {
    const frame = encodeEventStreamMessage({}, '');
    const view = new DataView(frame.buffer);
    view.setUint32(0, 0x7fffffff);
    view.setUint32(8, crc32(frame.subarray(0, 8)));
    expect(decodeAll(frame)[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('out of range') });
  });

  test('a header of an unknown type is an error', () => {
    const frame = encodeEventStreamMessage({ x: 'y' }, '');
    frame[12 + 2] = 42;
    new DataView(frame.buffer).setUint32(frame.length - 4, crc32(frame.subarray(0, frame.length - 4)));
    expect(decodeAll(frame)[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('unknown type 42') });
  });

  test('a body that ends inside a message is an error; an empty body is not', () => {
    expect(decodeAll(AWS_VECTOR.subarray(0, 20))).toEqual([{ kind: 'error', message: 'the event stream ended inside a message (20 of 61 bytes received)' }]);
    expect(decodeAll(AWS_VECTOR.subarray(0, 5))[0]).toMatchObject({ kind: 'error' });
    expect(decodeAll(new Uint8Array())).toEqual([]);
  });
});
