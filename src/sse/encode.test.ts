import { describe, expect, test } from 'bun:test';
import { encodeEvent, encodeEvents } from './encode';
import { SseParser } from './parse';

describe('encodeEvent', () => {
  test('Anthropic framing, byte for byte', () => {
    expect(encodeEvent({ type: 'ping' })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    expect(encodeEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a' } })).toBe(
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}\n\n',
    );
  });

  test('the text_delta fast path writes what JSON.stringify would', () => {
    for (const text of ['', 'plain', 'quote " backslash \\ tab \t', 'emoji 🎉 and \u2028 separator', '</script>', 'lone \ud83c surrogate', 'nul \u0000 and \u001f', 'newline\n']) {
      const event = { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text } } as const;
      expect(encodeEvent(event)).toBe(`event: content_block_delta\ndata: ${JSON.stringify(event)}\n\n`);
    }
  });

  test('newlines and CRs inside text never break the frame', () => {
    const encoded = encodeEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'line1\nline2\r\n\r\nend' } });
    expect(encoded.split('\n').length).toBe(4);
    expect(encoded).not.toContain('\r');
    const [parsed] = new SseParser().push(encoded);
    expect(JSON.parse(parsed.data).delta.text).toBe('line1\nline2\r\n\r\nend');
  });

  test('encodeEvents concatenates frames into bytes', () => {
    const bytes = encodeEvents([{ type: 'ping' }, { type: 'message_stop' }]);
    expect(new TextDecoder().decode(bytes)).toBe('event: ping\ndata: {"type":"ping"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n');
  });
});
