import { describe, expect, test } from 'bun:test';
import { DEFAULT_PRICES } from './default-prices';
import { costOf, createPriceTable, priceTableOf } from './pricing';

describe('built-in prices', () => {
  const table = createPriceTable();
  test.each([
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['openrouter', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['openrouter', 'anthropic/claude-3.7-sonnet:thinking', 'claude-3-7-sonnet'],
    ['vertex', 'claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'gpt-4.1', 'gpt-4-1'],
    ['gemini', 'gemini-2.5-flash-preview-05-20', 'gemini-2-5-flash'],
    ['gemini', 'Gemini-2.5-Pro', 'gemini-2-5-pro'],
    ['deepseek', 'deepseek-chat', 'deepseek-chat'],
  ])('%s %s is priced as %s', (provider, model, as) => {
    expect(table.priceOf(provider, model)).toEqual(DEFAULT_PRICES[as]);
  });

  test('the longest name wins: gpt-4o-mini is not gpt-4o', () => {
    expect(table.priceOf('openai', 'gpt-4o-mini')).toEqual(DEFAULT_PRICES['gpt-4o-mini']);
    expect(table.priceOf('openai', 'gpt-4o')).toEqual(DEFAULT_PRICES['gpt-4o']);
  });

  test('a name that only starts like a priced one is not priced as it: a newer model is unknown, not guessed', () => {
    expect(table.priceOf('anthropic', 'claude-opus-4-7')).toBeUndefined();
    expect(table.priceOf('openai', 'gpt-4o-realtime')).toBeUndefined();
    expect(table.priceOf('ollama', 'qwen3:32b')).toBeUndefined();
  });
});

describe('the config’s pricing', () => {
  test('overrides a default, adds a model, and prices one provider’s model apart', () => {
    const table = createPriceTable({
      'deepseek-chat': { input: 2, output: 3, cacheRead: 0.5, cacheWrite: 2 },
      'qwen3': { input: 0, output: 0 },
      'openrouter,anthropic/claude-sonnet-4.5': { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 },
    });
    expect(table.priceOf('deepseek', 'deepseek-chat')).toEqual({ input: 2, output: 3, cacheRead: 0.5, cacheWrite: 2 });
    expect(table.priceOf('ollama', 'qwen3:32b')).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
    expect(table.priceOf('OpenRouter', 'anthropic/claude-sonnet-4.5')).toEqual({ input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 });
    expect(table.priceOf('anthropic', 'claude-sonnet-4-5')).toEqual(DEFAULT_PRICES['claude-sonnet-4-5']);
  });

  test('cache prices default to the input price', () => {
    expect(createPriceTable({ mine: { input: 1.5, output: 2 } }).priceOf('p', 'mine')).toEqual({ input: 1.5, output: 2, cacheRead: 1.5, cacheWrite: 1.5 });
  });

  test('one table per config object', () => {
    const config = { pricing: { mine: { input: 1, output: 1 } } };
    expect(priceTableOf(config)).toBe(priceTableOf(config));
    expect(priceTableOf({})).not.toBe(priceTableOf({}));
  });
});

test('cost: each kind of token at its price, per million', () => {
  const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
  expect(costOf({ inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, price)).toBe(3);
  expect(costOf({ inputTokens: 2000, outputTokens: 1000, cacheReadTokens: 10_000, cacheWriteTokens: 4000 }, price)).toBeCloseTo(
    (2000 * 3 + 1000 * 15 + 10_000 * 0.3 + 4000 * 3.75) / 1e6,
    12,
  );
});
