import { describe, expect, test } from 'bun:test';
import { SseParser, type SseEvent } from './parse';

const encoder = new TextEncoder();

function parseAll(chunks: Array<string | Uint8Array>): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

/** The same bytes cut once at every position must give the same events. */
function expectSameAtEverySplit(text: string, expected: SseEvent[]) {
  const bytes = encoder.encode(text);
  expect(parseAll([bytes])).toEqual(expected);
  for (let cut = 1; cut < bytes.length; cut++) {
    expect({ cut, events: parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]) }).toEqual({ cut, events: expected });
  }
}

describe('SseParser', () => {
  test('data-only events, as OpenAI sends them, with [DONE]', () => {
    expectSameAtEverySplit('data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n', [
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '{"b":2}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  test('named events, as Anthropic sends them', () => {
    expectSameAtEverySplit('event: message_start\ndata: {"type":"message_start"}\n\nevent: ping\ndata: {"type": "ping"}\n\n', [
      { event: 'message_start', data: '{"type":"message_start"}' },
      { event: 'ping', data: '{"type": "ping"}' },
    ]);
  });

  test('CRLF line endings, split between CR and LF too', () => {
    expectSameAtEverySplit('data: one\r\n\r\ndata: two\r\n\r\n', [
      { event: undefined, data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });

  test('a lone CR ends a line', () => {
    expectSameAtEverySplit('data: one\r\rdata: two\r\r', [
      { event: undefined, data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });

  test('comment lines are ignored (OpenRouter sends ": OPENROUTER PROCESSING")', () => {
    expectSameAtEverySplit(': OPENROUTER PROCESSING\n\ndata: {"x":1}\n\n: keep-alive\n\n', [{ event: undefined, data: '{"x":1}' }]);
  });

  test('several data lines join with a newline', () => {
    expectSameAtEverySplit('data: line one\ndata: line two\n\n', [{ event: undefined, data: 'line one\nline two' }]);
  });

  test('"data:" without a space and "data" without a colon', () => {
    expectSameAtEverySplit('data:{"tight":true}\n\ndata\n\n', [
      { event: undefined, data: '{"tight":true}' },
      { event: undefined, data: '' },
    ]);
  });

  test('a multi-byte UTF-8 character split across reads is decoded whole', () => {
    expectSameAtEverySplit('data: {"text":"héllo 你好 🎉"}\n\n', [{ event: undefined, data: '{"text":"héllo 你好 🎉"}' }]);
  });

  test('the last event is delivered even without its blank line', () => {
    expect(parseAll(['data: {"last":true}'])).toEqual([{ event: undefined, data: '{"last":true}' }]);
  });

  test('id and retry fields are ignored, and an event name does not leak into the next event', () => {
    expect(parseAll(['id: 7\nretry: 100\nevent: a\ndata: 1\n\ndata: 2\n\n'])).toEqual([
      { event: 'a', data: '1' },
      { event: undefined, data: '2' },
    ]);
  });

  test('blank lines with no data dispatch nothing', () => {
    expect(parseAll(['\n\n\n\nevent: lonely\n\n'])).toEqual([]);
  });

  test('one byte at a time', () => {
    const bytes = encoder.encode('event: x\r\ndata: {"k":"é"}\r\n\r\n');
    expect(parseAll([...bytes].map((byte) => new Uint8Array([byte])))).toEqual([{ event: 'x', data: '{"k":"é"}' }]);
  });
});
