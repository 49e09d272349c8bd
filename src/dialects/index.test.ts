import { describe, expect, test } from 'bun:test';
import { detectDialect, dialectFor } from './index';

describe('detectDialect', () => {
  test.each([
    ['https://api.anthropic.com/v1/messages', 'anthropic'],
    ['https://api.deepseek.com/anthropic/v1/messages', 'anthropic'],
    ['https://api.moonshot.ai/anthropic/v1/messages/', 'anthropic'],
    ['https://open.bigmodel.cn/api/anthropic/v1/messages', 'anthropic'],
    ['https://generativelanguage.googleapis.com/v1beta/models/', 'gemini'],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent', 'gemini'],
    ['https://api.openai.com/v1/chat/completions', 'openai'],
    ['https://openrouter.ai/api/v1/chat/completions', 'openai'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', 'openai'],
    ['http://localhost:11434/v1/chat/completions', 'openai'],
    ['not a url', 'openai'],
  ] as const)('%s → %s', (baseUrl, expected) => {
    expect(detectDialect(baseUrl)).toBe(expected);
  });

  test('a path that merely mentions messages is not Anthropic', () => {
    expect(detectDialect('https://example.com/v1/messages/batches/x')).toBe('openai');
  });
});

describe('dialectFor', () => {
  test.each(['anthropic', 'gemini', 'openai'] as const)('returns the %s dialect', (id) => {
    expect(dialectFor(id).id).toBe(id);
  });
});
