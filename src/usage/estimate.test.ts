import { describe, expect, test } from 'bun:test';
import { countJsonTokens } from '../tokens/count-json';
import { countTextTokens } from '../tokens/encoder';
import { completeUsage, countOutputTokens } from './estimate';

describe('completeUsage', () => {
  test('reported counts are kept and nothing is counted', () => {
    const input = () => {
      throw new Error('must not be called');
    };
    expect(completeUsage({ input_tokens: 10, output_tokens: 2, cache_read_input_tokens: 5, cache_creation_input_tokens: 1 }, { input })).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cacheReadTokens: 5,
      cacheWriteTokens: 1,
      estimated: false,
    });
  });

  test('zero input with cache reads is a fully cached prompt, not a missing count', () => {
    expect(completeUsage({ input_tokens: 0, output_tokens: 2, cache_read_input_tokens: 500 }, { input: () => 99 })).toMatchObject({ inputTokens: 0, estimated: false });
  });

  test('missing counts are estimated and marked', () => {
    const usage = completeUsage({ input_tokens: 0, output_tokens: 0 }, { input: () => 120, output: { streamedText: ['Hello', ' world'] } });
    expect(usage).toEqual({ inputTokens: 120, outputTokens: countTextTokens('Hello world'), cacheReadTokens: 0, cacheWriteTokens: 0, estimated: true });
  });

  test('an empty answer estimated as 0 is not marked estimated', () => {
    expect(completeUsage({ input_tokens: 5, output_tokens: 0 }, { output: { content: [] } })).toMatchObject({ outputTokens: 0, estimated: false });
  });
});

test('countOutputTokens: text, thinking, tool calls and redacted thinking of a JSON answer', () => {
  const input = { file_path: '/a.ts' };
  expect(
    countOutputTokens({
      content: [
        { type: 'thinking', thinking: 'First, the file.', signature: 'sig' },
        { type: 'text', text: 'Reading it.' },
        { type: 'tool_use', id: 't', name: 'Read', input },
        { type: 'redacted_thinking', data: 'A'.repeat(40) },
      ],
    }),
  ).toBe(countTextTokens('First, the file.') + countTextTokens('Reading it.') + countTextTokens('Read') + countJsonTokens(input) + 10);
});
