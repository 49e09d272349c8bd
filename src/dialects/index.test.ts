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
    ['https://q.us-east-1.amazonaws.com/generateAssistantResponse', 'codewhisperer'],
    ['https://q.eu-central-1.amazonaws.com', 'codewhisperer'],
    ['https://codewhisperer.us-east-1.amazonaws.com/generateAssistantResponse', 'codewhisperer'],
    ['https://runtime.us-east-1.kiro.dev/', 'codewhisperer'],
    ['http://127.0.0.1:8080/generateAssistantResponse', 'codewhisperer'],
    ['https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke', 'openai'],
    ['not a url', 'openai'],
  ] as const)('%s → %s', (baseUrl, expected) => {
    expect(detectDialect(baseUrl)).toBe(expected);
  });

  test('a path that merely mentions messages is not Anthropic', () => {
    expect(detectDialect('https://example.com/v1/messages/batches/x')).toBe('openai');
  });
});

describe('dialectFor', () => {
  test.each(['anthropic', 'gemini', 'openai', 'codewhisperer'] as const)('returns the %s dialect', (id) => {
    expect(dialectFor(id).id).toBe(id);
  });
});
