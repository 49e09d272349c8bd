import { describe, expect, test } from 'bun:test';
import { assertAnthropicEventGrammar } from '../../test/support/anthropic-grammar';
import type { StreamEvent } from '../dialects/anthropic/types';
import { extrathinktag, splitThinkTags } from './extrathinktag';
import { block, blockTexts, messageEnd, messageStart, runStream } from './stream-test-helpers';
import { transformerContext } from './test-context';

const TEXT = '<think>\nweigh 9.11 against 9.8\n</think>\n\n9.8 is larger.';
const EXPECTED: Array<[string, string]> = [
  ['thinking', 'weigh 9.11 against 9.8\n'],
  ['text', '9.8 is larger.'],
];

function streamOf(pieces: string[]): StreamEvent[] {
  return [
    messageStart,
    ...block(0, { type: 'text', text: '' }, pieces.map((text) => ({ type: 'text_delta' as const, text }))),
    ...block(1, { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }, [{ type: 'input_json_delta', partial_json: '{"file":"a"}' }]),
    ...messageEnd('tool_use'),
  ];
}

describe('extrathinktag (stream)', () => {
  test('splits the tags whatever chunk boundary cuts them, re-indexing the blocks after', () => {
    for (let cut = 0; cut <= TEXT.length; cut++) {
      for (let second = cut; second <= TEXT.length; second++) {
        const pieces = [TEXT.slice(0, cut), TEXT.slice(cut, second), TEXT.slice(second)].filter((piece) => piece !== '');
        const events = runStream(extrathinktag.create({}), streamOf(pieces), transformerContext());
        assertAnthropicEventGrammar(events);
        const texts = blockTexts(events);
        if (JSON.stringify(texts.slice(0, 2)) !== JSON.stringify(EXPECTED)) throw new Error(`cuts ${cut},${second}: ${JSON.stringify(texts)}`);
        expect(texts[2]).toEqual(['tool_use', '{"file":"a"}']);
      }
    }
  });

  test('one character per chunk', () => {
    const events = runStream(extrathinktag.create({}), streamOf([...TEXT]), transformerContext());
    assertAnthropicEventGrammar(events);
    expect(blockTexts(events).slice(0, 2)).toEqual(EXPECTED);
  });

  test('a lone "<" that is not a tag is kept as text', () => {
    const events = runStream(extrathinktag.create({}), streamOf(['a <', 'b and <th', 'ing>']), transformerContext());
    expect(blockTexts(events)[0]).toEqual(['text', 'a <b and <thing>']);
  });

  test('text that ends inside an unterminated think tag is thinking', () => {
    const events = runStream(extrathinktag.create({}), streamOf(['<think>cut off', ' here</thi']), transformerContext());
    assertAnthropicEventGrammar(events);
    expect(blockTexts(events)[0]).toEqual(['thinking', 'cut off here</thi']);
  });

  test('a custom tag name', () => {
    const events = runStream(extrathinktag.create({ tag: 'reasoning' }), streamOf(['<reasoning>x</reasoning>y']), transformerContext());
    expect(blockTexts(events).slice(0, 2)).toEqual([['thinking', 'x'], ['text', 'y']]);
  });
});

describe('extrathinktag (non-stream)', () => {
  test('splits a text block into thinking and text', () => {
    expect(splitThinkTags([{ type: 'text', text: TEXT }, { type: 'tool_use', id: 't', name: 'n', input: {} }])).toEqual([
      { type: 'thinking', thinking: 'weigh 9.11 against 9.8\n', signature: 'ccr-openai-reasoning' },
      { type: 'text', text: '9.8 is larger.' },
      { type: 'tool_use', id: 't', name: 'n', input: {} },
    ]);
  });

  test('leaves text without tags as it is', () => {
    const content = [{ type: 'text' as const, text: 'plain' }];
    expect(splitThinkTags(content)).toEqual(content);
  });
});
