import { describe, expect, test } from 'bun:test';
import type { StartedContentBlock, StreamEvent } from './anthropic/types';
import { THINKING_SIGNATURE_PLACEHOLDER, createBlockWriter } from './block-writer';

describe('createBlockWriter', () => {
  test('indexes are dense and opening a block closes the open one, into the caller\'s array', () => {
    const writer = createBlockWriter();
    const out: StreamEvent[] = [];
    writer.open({ type: 'text', text: '' }, out);
    writer.delta({ type: 'text_delta', text: 'a' }, out);
    writer.open({ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }, out);
    writer.close(out);
    expect(out.map((event) => [event.type, 'index' in event ? event.index : undefined])).toEqual([
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_stop', 1],
    ]);
    expect(writer.openType).toBeUndefined();
  });

  test('a thinking block always ends signed: the given signature, the placeholder, or the one it already carried', () => {
    const signatures = (events: StreamEvent[]) =>
      events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'signature_delta' ? [event.delta.signature] : []));
    const thinking: StartedContentBlock = { type: 'thinking', thinking: '', signature: '' };

    const given = createBlockWriter();
    expect(signatures(given.close(given.open(thinking), 'sig-1'))).toEqual(['sig-1']);

    const placeholder = createBlockWriter();
    expect(signatures(placeholder.open({ type: 'text', text: '' }, placeholder.open(thinking)))).toEqual([THINKING_SIGNATURE_PLACEHOLDER]);

    const carried = createBlockWriter();
    const out = carried.open(thinking);
    carried.delta({ type: 'signature_delta', signature: 'upstream' }, out);
    expect(signatures(carried.close(out, 'unused'))).toEqual(['upstream']);
  });

  test('a delta with no open block is a bug, not a silent drop', () => {
    expect(() => createBlockWriter().delta({ type: 'text_delta', text: 'x' })).toThrow('no open block');
  });
});
