import { describe, expect, test } from 'bun:test';
import { formatStatusLine, sessionIdOf } from './commands/statusline';

const usage = (over: Record<string, unknown> = {}) => ({
  sessionId: 's',
  firstAt: '2026-12-07T10:00:00.000Z',
  lastAt: '2026-12-07T10:05:00.000Z',
  providers: {
    backup: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.001, requests: 1 },
    deepseek: { inputTokens: 12_000, outputTokens: 900, cacheReadTokens: 40_000, cacheWriteTokens: 0, cost: 0.04, requests: 7 },
  },
  totalInputTokens: 12_010,
  totalOutputTokens: 905,
  totalCacheReadTokens: 40_000,
  totalCacheWriteTokens: 0,
  totalCost: 0.041,
  totalRequests: 8,
  totalErrors: 0,
  ...over,
});

describe('ccr statusline', () => {
  test('the providers that answered the session, most used first, its tokens and its cost', () => {
    expect(formatStatusLine({ kind: 'usage', usage: usage() })).toBe('ccr · deepseek, backup · ↑ 12.0k (40.0k cached) ↓ 905 · $0.0410');
  });

  test('millions, no cache, and a session whose requests all failed before a provider was chosen', () => {
    expect(formatStatusLine({ kind: 'usage', usage: usage({ providers: {}, totalInputTokens: 2_500_000, totalOutputTokens: 12, totalCacheReadTokens: 0, totalCost: 0 }) })).toBe(
      'ccr · no provider · ↑ 2.50M ↓ 12 · $0.0000',
    );
  });

  test('nothing yet, the router down, a refusal in its own words', () => {
    expect(formatStatusLine({ kind: 'none' })).toBe('ccr · no request yet');
    expect(formatStatusLine({ kind: 'down' })).toBe('ccr · not running (ccr start)');
    expect(formatStatusLine({ kind: 'refused', message: 'Invalid API key' })).toBe('ccr · Invalid API key');
  });

  test("the session from Claude Code's status line input; anything else names none", () => {
    expect(sessionIdOf(JSON.stringify({ session_id: 'abc-123', model: { id: 'claude-sonnet-4-6' }, workspace: { current_dir: '/p' } }))).toBe('abc-123');
    expect(sessionIdOf('{"session_id": ""}')).toBeUndefined();
    expect(sessionIdOf('{"model": {}}')).toBeUndefined();
    expect(sessionIdOf('not json')).toBeUndefined();
  });
});
