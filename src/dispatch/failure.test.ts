import { describe, expect, test } from 'bun:test';
import { backoffMs, classifyResponse, parseRetryAfter } from './failure';

const response = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });
const NOW = Date.parse('2026-12-07T10:00:00Z');

describe('classifyResponse', () => {
  test.each([
    [401, {}, 'x', 'refused'],
    [403, {}, 'x', 'refused'],
    [402, {}, 'x', 'refused'],
    [429, { 'retry-after': '3' }, 'x', 'rate_limited'],
    [429, { 'x-ratelimit-remaining-requests': '0' }, 'x', 'rate_limited'],
    [429, { 'anthropic-ratelimit-tokens-remaining': '0' }, 'x', 'rate_limited'],
    [429, {}, 'x', 'rate_limited_unsure'],
    [500, {}, 'x', 'server'],
    [503, {}, 'x', 'server'],
    [529, {}, 'Overloaded', 'server'],
    [408, {}, 'x', 'server'],
    [400, {}, "This model's maximum context length is 128000 tokens", 'context_length'],
    [400, {}, 'prompt is too long: 210000 tokens > 200000 maximum', 'context_length'],
    [400, {}, 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', 'context_length'],
    [400, {}, 'Invalid value for tool_choice', 'request'],
    [404, {}, 'model not found', 'request'],
  ] as const)('%d %j %s → %s', (status, headers, message, kind) => {
    expect(classifyResponse(response(status, headers), message, NOW).kind).toBe(kind);
  });
});

describe('parseRetryAfter', () => {
  test('seconds, an HTTP date, retry-after-ms; nonsense is nothing', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), NOW)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), NOW)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 07 Dec 2026 10:00:30 GMT' }), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 07 Dec 2026 09:00:00 GMT' }), NOW)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), NOW)).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), NOW)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  test('grows exponentially up to the cap, jittered below it', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 0.999999))).toEqual([250, 500, 1000, 2000, 8000]);
    expect(backoffMs(3, () => 0)).toBe(0);
    expect(backoffMs(2, () => 0.5)).toBe(500);
  });
});
