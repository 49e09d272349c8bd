import { describe, expect, test } from 'bun:test';
import { bytesOf as bytesOfRange, HttpParseError, ResponseParser, type BodyRange, type ParseEvent, type ResponseHead } from './response-parser';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

interface Outcome {
  /** Every head event, in order (there must be exactly one). */
  heads: ResponseHead[];
  body: string;
  bodyEvents: number;
  ends: boolean[];
  events: ParseEvent[];
}

/** Feeds `chunks` (and optionally a close) to a fresh parser and sums up what came out. */
function run(chunks: Uint8Array[], options: { close?: boolean; maxHeadBytes?: number } = {}): Outcome {
  const parser = new ResponseParser({ maxHeadBytes: options.maxHeadBytes });
  const events: ParseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  if (options.close) events.push(...parser.close());
  return summarize(events);
}

function summarize(events: ParseEvent[]): Outcome {
  const outcome: Outcome = { heads: [], body: '', bodyEvents: 0, ends: [], events };
  const parts: Uint8Array[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'head':
        outcome.heads.push(event.head);
        break;
      case 'body':
        expect(event.end).toBeGreaterThan(event.start);
        parts.push(event.chunk.slice(event.start, event.end));
        outcome.bodyEvents++;
        break;
      case 'end':
        outcome.ends.push(event.keepAlive);
        break;
    }
  }
  outcome.body = decoder.decode(Buffer.concat(parts));
  return outcome;
}

function parseOne(text: string, options: { close?: boolean } = {}): Outcome {
  return run([bytesOf(text)], options);
}

function headOf(text: string): ResponseHead {
  const { heads } = parseOne(text);
  expect(heads).toHaveLength(1);
  return heads[0];
}

function expectParseError(text: string | string[], message: RegExp, options: { close?: boolean } = {}): void {
  const chunks = (typeof text === 'string' ? [text] : text).map(bytesOf);
  let caught: unknown;
  try {
    run(chunks, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HttpParseError);
  expect((caught as Error).message).toMatch(message);
}

describe('status line', () => {
  test('version, status and reason phrase', () => {
    expect(headOf('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ status: 200, statusText: 'OK' });
    expect(headOf('HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n')).toMatchObject({
      status: 404,
      statusText: 'Not Found',
    });
  });

  test('the reason phrase may be absent or empty', () => {
    expect(headOf('HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ status: 200, statusText: '' });
    expect(headOf('HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n')).toMatchObject({ status: 503, statusText: '' });
  });

  test('anything else is rejected', () => {
    for (const line of ['HTTP/2 200 OK', 'HTTP/1.2 200 OK', 'http/1.1 200 OK', 'HTTP/1.1 20 OK', 'HTTP/1.1 2000 OK', 'HTTP/1.1 2x0 OK', 'HTTP/1.1 099 Low', 'HTTP/1.1  200 OK', 'garbage', '']) {
      expectParseError(`${line}\r\nContent-Length: 0\r\n\r\n`, /status line/);
    }
  });
});

describe('headers', () => {
  test('names lower-cased, values trimmed of spaces and tabs, duplicates kept in order', () => {
    const head = headOf(
      'HTTP/1.1 200 OK\r\nContent-Type:  application/json \t\r\nSet-Cookie: a=1\r\nX-Empty:\r\nset-cookie:\tb=2\r\nContent-Length: 0\r\n\r\n',
    );
    expect(head.headers).toEqual([
      ['content-type', 'application/json'],
      ['set-cookie', 'a=1'],
      ['x-empty', ''],
      ['set-cookie', 'b=2'],
      ['content-length', '0'],
    ]);
  });

  test('names are lower-cased whether or not they are among the common ones', () => {
    const head = headOf(
      'HTTP/1.1 200 OK\r\nCONTENT-TYPE: a\r\nX-Custom-Thing: b\r\nCf-Ray: c\r\nContent_Type: d\r\nx-ratelimit-limit-tokens: e\r\nDATE1: f\r\nContent-Length: 0\r\n\r\n',
    );
    expect(head.headers.map(([name]) => name)).toEqual([
      'content-type',
      'x-custom-thing',
      'cf-ray',
      'content_type',
      'x-ratelimit-limit-tokens',
      'date1',
      'content-length',
    ]);
  });

  test('values are decoded as latin1, one byte to one char, and keep inner spaces', () => {
    const bytes = new Uint8Array([
      ...bytesOf('HTTP/1.1 200 OK\r\nX-Raw: a '),
      0x80,
      0xa0,
      0xff,
      ...bytesOf(' b\r\nContent-Length: 0\r\n\r\n'),
    ]);
    const { heads } = run([bytes]);
    expect(heads[0].headers[0]).toEqual(['x-raw', 'a \u0080\u00a0\u00ff b']);
  });

  test('lines may end with a bare LF', () => {
    const { heads, body, ends } = parseOne('HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 2\n\nhi');
    expect(heads[0]).toMatchObject({ status: 200, statusText: 'OK', framing: 'length', contentLength: 2 });
    expect(heads[0].headers).toEqual([
      ['content-type', 'text/plain'],
      ['content-length', '2'],
    ]);
    expect(body).toBe('hi');
    expect(ends).toEqual([true]);
  });

  test('mixed CRLF and LF line ends, including an LF-only blank line', () => {
    const { heads, body } = parseOne('HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nhi');
    expect(heads[0].headers).toEqual([['content-length', '2']]);
    expect(body).toBe('hi');
  });

  test('a line without a colon is rejected', () => {
    expectParseError('HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n', /without a colon/);
  });

  test('an empty name or whitespace in the name is rejected', () => {
    expectParseError('HTTP/1.1 200 OK\r\n: value\r\n\r\n', /empty name/);
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n', /whitespace in header name/);
    expectParseError('HTTP/1.1 200 OK\r\nX\tY: 0\r\n\r\n', /whitespace in header name/);
  });

  test('obsolete line folding is rejected', () => {
    expectParseError('HTTP/1.1 200 OK\r\nX-Long: part one\r\n  part two\r\nContent-Length: 0\r\n\r\n', /folding/);
    expectParseError('HTTP/1.1 200 OK\r\nX-Long: part one\r\n\tpart two\r\n\r\n', /folding/);
  });

  test('a bare CR inside a line is rejected', () => {
    expectParseError('HTTP/1.1 200 OK\r\nX-A: b\rX-C: d\r\nContent-Length: 0\r\n\r\n', /bare CR/);
  });

  test('a head longer than maxHeadBytes is rejected, whether it arrives at once or in pieces', () => {
    const head = `HTTP/1.1 200 OK\r\nX-Pad: ${'a'.repeat(200)}\r\nContent-Length: 0\r\n\r\n`;
    expect(() => run([bytesOf(head)], { maxHeadBytes: 100 })).toThrow(/larger than 100 bytes/);
    const pieces = bytesOf(head.slice(0, 60));
    expect(() => run([pieces, bytesOf(head.slice(60))], { maxHeadBytes: 100 })).toThrow(HttpParseError);
    // An endless head fails as soon as the limit is passed, without waiting for a blank line.
    const parser = new ResponseParser({ maxHeadBytes: 100 });
    parser.push(bytesOf('HTTP/1.1 200 OK\r\n'));
    expect(() => parser.push(bytesOf(`X-Pad: ${'a'.repeat(100)}`))).toThrow(/larger than 100 bytes/);
    // Exactly at the limit is fine.
    const exact = 'HTTP/1.1 204 No Content\r\n\r\n';
    expect(run([bytesOf(exact)], { maxHeadBytes: exact.length }).ends).toEqual([true]);
    expect(run([...bytesOf(exact)].map((b) => new Uint8Array([b])), { maxHeadBytes: exact.length }).ends).toEqual([true]);
  });

  test('the default limit is 64 KiB', () => {
    const big = `HTTP/1.1 200 OK\r\nX-Pad: ${'a'.repeat(60 * 1024)}\r\nContent-Length: 0\r\n\r\n`;
    expect(run([bytesOf(big)]).ends).toEqual([true]);
    const tooBig = `HTTP/1.1 200 OK\r\nX-Pad: ${'a'.repeat(64 * 1024)}\r\nContent-Length: 0\r\n\r\n`;
    expect(() => run([bytesOf(tooBig)])).toThrow(/larger than 65536 bytes/);
  });
});

describe('interim responses', () => {
  test('100 Continue and 103 Early Hints are skipped before the real head', () => {
    const { heads, body, ends, events } = parseOne(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok',
    );
    expect(heads).toHaveLength(1);
    expect(heads[0]).toMatchObject({ status: 201, statusText: 'Created', headers: [['content-length', '2']] });
    expect(body).toBe('ok');
    expect(ends).toEqual([true]);
    expect(events.map((e) => e.type)).toEqual(['head', 'body', 'end']);
  });

  test('an interim response alone emits nothing but counts as started', () => {
    const parser = new ResponseParser();
    expect(parser.push(bytesOf('HTTP/1.1 100 Continue\r\n\r\n'))).toEqual([]);
    expect(parser.started).toBe(true);
    expect(parser.done).toBe(false);
    expect(() => parser.close()).toThrow(/before the response head was complete/);
  });

  test('101 Switching Protocols is rejected', () => {
    expectParseError('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', /unexpected protocol switch/);
  });
});

describe('framing', () => {
  test('204 and 304 have no body, whatever the headers say', () => {
    for (const status of ['204 No Content', '304 Not Modified']) {
      const parser = new ResponseParser();
      const events = parser.push(bytesOf(`HTTP/1.1 ${status}\r\nContent-Length: 10\r\n\r\n`));
      expect(events.map((e) => e.type)).toEqual(['head', 'end']);
      expect((events[0] as { head: ResponseHead }).head.framing).toBe('none');
      expect(events[1]).toEqual({ type: 'end', keepAlive: true });
      expect(parser.done).toBe(true);
    }
  });

  test('content-length 0 ends right after the head, without a body event', () => {
    const { heads, events } = parseOne('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    expect(heads[0]).toMatchObject({ framing: 'length', contentLength: 0 });
    expect(events.map((e) => e.type)).toEqual(['head', 'end']);
  });

  test('a whole small response in one push: head, one body range of the pushed chunk (no copy, no view), end', () => {
    const json = '{"id":"msg_1","content":[{"type":"text","text":"hi"}]}';
    const chunk = bytesOf(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`);
    const events = new ResponseParser().push(chunk);
    expect(events.map((e) => e.type)).toEqual(['head', 'body', 'end']);
    const range = events[1] as BodyRange;
    expect(range.chunk).toBe(chunk);
    expect(range.end).toBe(chunk.length);
    expect(decoder.decode(bytesOfRange(range))).toBe(json);
    expect((events[0] as { head: ResponseHead }).head).toEqual({
      status: 200,
      statusText: 'OK',
      headers: [
        ['content-type', 'application/json'],
        ['content-length', String(json.length)],
      ],
      framing: 'length',
      contentLength: json.length,
    });
  });

  test('a length-framed body over several pushes', () => {
    const parser = new ResponseParser();
    const first = parser.push(bytesOf('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123'));
    expect(first.map((e) => e.type)).toEqual(['head', 'body']);
    expect(parser.done).toBe(false);
    expect(summarize(parser.push(bytesOf('456'))).body).toBe('456');
    const last = summarize(parser.push(bytesOf('789')));
    expect(last.body).toBe('789');
    expect(last.ends).toEqual([true]);
    expect(parser.done).toBe(true);
  });

  test('agreeing content-length values are accepted, in several lines or one list', () => {
    expect(headOf('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello')).toMatchObject({
      framing: 'length',
      contentLength: 5,
    });
    expect(parseOne('HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello').body).toBe('hello');
  });

  test('conflicting or malformed content-length values are rejected', () => {
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello', /conflicting content-length/);
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello', /conflicting content-length/);
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /invalid content-length/);
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n', /invalid content-length/);
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n', /invalid content-length/);
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n', /too large/);
  });

  test('chunked, with extensions and trailers; body events carry data only', () => {
    const { heads, body, ends, events } = parseOne(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '5;name=value\r\nhello\r\n' +
        '1 ; a ; b="c"\r\n \r\n' +
        'A\r\n0123456789\r\n' +
        '0;last\r\nX-Checksum: abc\r\nX-Other: def\r\n\r\n',
    );
    expect(heads[0].framing).toBe('chunked');
    expect(heads[0].contentLength).toBeUndefined();
    expect(body).toBe('hello 0123456789');
    expect(events.map((e) => e.type)).toEqual(['head', 'body', 'body', 'body', 'end']);
    expect(ends).toEqual([true]);
  });

  test('transfer-encoding codings are compared case-insensitively, the last one decides', () => {
    expect(headOf('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n0\r\n\r\n').framing).toBe('chunked');
    expect(headOf('HTTP/1.1 200 OK\r\nTransfer-Encoding: , Chunked ,, \r\n\r\n0\r\n\r\n').framing).toBe('chunked');
    expect(headOf('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunkedx\r\n\r\n').framing).toBe('close');
    expect(headOf('HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n').framing).toBe('close');
    expect(headOf('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n').framing).toBe(
      'chunked',
    );
  });

  test('chunked wins over content-length, but the connection is not reused', () => {
    const { heads, body, ends } = parseOne(
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
    );
    expect(heads[0].framing).toBe('chunked');
    expect(body).toBe('hi');
    expect(ends).toEqual([false]);
  });

  test('a transfer-encoding not ending in chunked means the body runs until close', () => {
    const parser = new ResponseParser();
    const events = parser.push(bytesOf('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 2\r\n\r\nabcdef'));
    expect((events[0] as { head: ResponseHead }).head.framing).toBe('close');
    expect(summarize(events).body).toBe('abcdef');
    expect(parser.done).toBe(false);
    expect(parser.close()).toEqual([{ type: 'end', keepAlive: false }]);
    expect(parser.done).toBe(true);
  });

  test('without length or chunks the body is delimited by close', () => {
    const parser = new ResponseParser();
    const first = summarize(parser.push(bytesOf('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome ')));
    expect(first.heads[0].framing).toBe('close');
    expect(first.body).toBe('some ');
    expect(summarize(parser.push(bytesOf('text'))).body).toBe('text');
    expect(parser.close()).toEqual([{ type: 'end', keepAlive: false }]);
    expect(parser.close()).toEqual([]);
  });

  test('a close-delimited body may be empty', () => {
    const { events } = parseOne('HTTP/1.1 200 OK\r\n\r\n', { close: true });
    expect(events.map((e) => e.type)).toEqual(['head', 'end']);
  });
});

describe('chunked errors', () => {
  const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

  test('a chunk size that is not hex', () => {
    expectParseError(`${head}zz\r\nhello\r\n0\r\n\r\n`, /chunk size expected/);
    expectParseError(`${head}5g\r\nhello\r\n0\r\n\r\n`, /invalid character "g" in chunk size/);
    expectParseError(`${head}\r\nhello\r\n0\r\n\r\n`, /chunk size expected/);
    expectParseError(`${head}-5\r\nhello\r\n0\r\n\r\n`, /chunk size expected/);
  });

  test('an absurd chunk size', () => {
    expectParseError(`${head}10000000001\r\n`, /chunk size larger than/);
    expectParseError(`${head}ffffffffffffffffffff\r\n`, /chunk size larger than/);
  });

  test('a chunk size with leading zeros is only as large as its value', () => {
    expect(parseOne(`${head}00000000000000000002\r\nhi\r\n0\r\n\r\n`).body).toBe('hi');
  });

  test('chunk data not followed by CRLF', () => {
    expectParseError(`${head}5\r\nhelloX\r\n0\r\n\r\n`, /chunk data not followed by CRLF/);
    expectParseError(`${head}5\r\nhello\rX0\r\n\r\n`, /chunk data not followed by CRLF/);
  });

  test('a CR not followed by LF in a size line', () => {
    expectParseError(`${head}5\rhello\r\n0\r\n\r\n`, /CR not followed by LF/);
  });
});

describe('close()', () => {
  test('with nothing received returns nothing', () => {
    const parser = new ResponseParser();
    expect(parser.push(new Uint8Array(0))).toEqual([]);
    expect(parser.started).toBe(false);
    expect(parser.close()).toEqual([]);
  });

  test('inside the head throws', () => {
    expectParseError('HTTP/1.1 200 OK\r\nContent-Le', /before the response head was complete/, { close: true });
    expectParseError('H', /before the response head was complete/, { close: true });
  });

  test('inside a length-framed body throws, saying how much arrived', () => {
    expectParseError('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', /after 3 of 10 body bytes/, { close: true });
  });

  test('inside a chunked body throws, wherever it was cut', () => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    expectParseError(`${head}5\r\nhel`, /chunked body, 2 bytes short/, { close: true });
    expectParseError(`${head}5\r\nhello\r\n`, /chunked body, between chunks/, { close: true });
    expectParseError(`${head}5\r\nhello\r\n0\r\nX-Trailer: 1\r\n`, /chunked body, before the end of its trailer/, {
      close: true,
    });
    expectParseError(head, /chunked body/, { close: true });
  });

  test('after a complete response returns nothing', () => {
    const parser = new ResponseParser();
    parser.push(bytesOf('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    expect(parser.close()).toEqual([]);
  });
});

describe('started and done', () => {
  test('follow the response', () => {
    const parser = new ResponseParser();
    expect(parser.started).toBe(false);
    expect(parser.done).toBe(false);
    parser.push(bytesOf('H'));
    expect(parser.started).toBe(true);
    expect(parser.done).toBe(false);
    parser.push(bytesOf('TTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n'));
    expect(parser.done).toBe(false);
    parser.push(bytesOf('x'));
    expect(parser.done).toBe(true);
  });

  test('after a parse error the parser keeps failing', () => {
    const parser = new ResponseParser();
    expect(() => parser.push(bytesOf('HTTP/9 200 OK\r\n\r\n'))).toThrow(HttpParseError);
    expect(() => parser.push(bytesOf('more'))).toThrow(HttpParseError);
    expect(() => parser.close()).toThrow(HttpParseError);
  });
});

describe('keep-alive', () => {
  function keepAliveOf(text: string): boolean {
    const { ends } = parseOne(text);
    expect(ends).toHaveLength(1);
    return ends[0];
  }

  test('HTTP/1.1 keeps the connection unless told to close', () => {
    expect(keepAliveOf('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(keepAliveOf('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(keepAliveOf('HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(keepAliveOf('HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(keepAliveOf('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')).toBe(true);
  });

  test('HTTP/1.0 closes the connection unless told to keep it', () => {
    expect(keepAliveOf('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')).toBe(false);
    expect(keepAliveOf('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(keepAliveOf('HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n')).toBe(false);
  });

  test('bytes after the end, in the same push, turn keep-alive off and emit nothing', () => {
    const { events } = parseOne('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n');
    expect(events.map((e) => e.type)).toEqual(['head', 'body', 'end']);
    expect(decoder.decode(bytesOfRange(events[1] as BodyRange))).toBe('ok');
    expect(events[2]).toEqual({ type: 'end', keepAlive: false });
    expect(parseOne('HTTP/1.1 204 No Content\r\n\r\n\r\n').ends).toEqual([false]);
    expect(parseOne('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nx').ends).toEqual([false]);
  });

  test('bytes pushed after the end are ignored', () => {
    const parser = new ResponseParser();
    expect(summarize(parser.push(bytesOf('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'))).ends).toEqual([true]);
    expect(parser.push(bytesOf('junk'))).toEqual([]);
    expect(parser.done).toBe(true);
  });
});

describe('any split of the bytes gives the same result', () => {
  const json = JSON.stringify({ id: 'msg_1', type: 'message', content: [{ type: 'text', text: 'Hello, wörld' }] });
  const jsonBytes = bytesOf(json);
  const responses: Record<string, Uint8Array> = {
    'content-length JSON': Buffer.concat([
      bytesOf(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${jsonBytes.length}\r\n\r\n`),
      jsonBytes,
    ]),
    'chunked SSE with a trailer': bytesOf(
      'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n' +
        '1b\r\nevent: ping\ndata: {"n":1}\n\n\r\n' +
        '1B;ext=1\r\nevent: ping\ndata: {"n":2}\n\n\r\n' +
        '1c\r\nevent: done\ndata: {"n":33}\n\n\r\n' +
        '0\r\nX-Usage: 12\r\n\r\n',
    ),
    'after 100 Continue': bytesOf(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world',
    ),
    'LF-only lines': bytesOf('HTTP/1.1 404\nContent-Length: 2\n\n{}'),
    'close-delimited': bytesOf('HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil the end'),
  };

  for (const [name, bytes] of Object.entries(responses)) {
    test(name, () => {
      const whole = run([bytes], { close: true });
      expect(whole.heads).toHaveLength(1);
      expect(whole.ends).toHaveLength(1);
      const expected = { heads: whole.heads, body: whole.body, ends: whole.ends };

      for (let i = 0; i <= bytes.length; i++) {
        const split = run([bytes.subarray(0, i), bytes.subarray(i)], { close: true });
        expect({ at: i, heads: split.heads, body: split.body, ends: split.ends }).toEqual({ at: i, ...expected });
      }
      const bytewise: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i++) bytewise.push(bytes.subarray(i, i + 1));
      const oneByOne = run(bytewise, { close: true });
      expect({ heads: oneByOne.heads, body: oneByOne.body, ends: oneByOne.ends }).toEqual(expected);
    });
  }

  test('the expected values themselves', () => {
    const sse = run([responses['chunked SSE with a trailer']]);
    expect(sse.heads[0].framing).toBe('chunked');
    expect(sse.body).toBe(
      'event: ping\ndata: {"n":1}\n\nevent: ping\ndata: {"n":2}\n\nevent: done\ndata: {"n":33}\n\n',
    );
    expect(sse.bodyEvents).toBe(3);
    expect(sse.ends).toEqual([true]);
    expect(run([responses['content-length JSON']]).body).toBe(json);
    const continued = run([responses['after 100 Continue']]);
    expect(continued.heads[0]).toMatchObject({ status: 200, contentLength: 11 });
    expect(continued.ends).toEqual([false]);
  });

  test('a pushed buffer reused by the caller does not corrupt a head kept across pushes', () => {
    const text = 'HTTP/1.1 200 OK\r\nX-Kept: value\r\nContent-Length: 2\r\n\r\nok';
    const parser = new ResponseParser();
    const reused = new Uint8Array(20);
    const events: ParseEvent[] = [];
    for (let at = 0; at < text.length; at += 20) {
      const piece = bytesOf(text.slice(at, at + 20));
      reused.fill(0x21);
      reused.set(piece);
      events.push(...parser.push(reused.subarray(0, piece.length)));
    }
    const outcome = summarize(events);
    expect(outcome.heads[0].headers).toEqual([
      ['x-kept', 'value'],
      ['content-length', '2'],
    ]);
    expect(outcome.ends).toEqual([true]);
  });
});

describe('bytesOf', () => {
  test('a range over the whole chunk is the chunk itself; a part of it is a view of the same bytes', () => {
    const chunk = bytesOf('hello');
    expect(bytesOfRange({ type: 'body', chunk, start: 0, end: 5 })).toBe(chunk);
    const part = bytesOfRange({ type: 'body', chunk, start: 1, end: 3 });
    expect(decoder.decode(part)).toBe('el');
    expect(part.buffer).toBe(chunk.buffer);
  });
});
