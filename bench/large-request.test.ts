import { describe, expect, test } from 'bun:test';
import { largeAnthropicRequest, largeOpenAIRequest, largeRequest, readCapturedBody } from './large-request';

describe('the Claude Code-sized request', () => {
  test('a captured file is read with or without its wrapper', () => {
    const body = { model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'hi' }] };
    expect(readCapturedBody(JSON.stringify({ method: 'POST', path: '/v1/messages', headers: {}, body }))).toEqual(body);
    expect(readCapturedBody(JSON.stringify(body))).toEqual(body);
    expect(readCapturedBody(JSON.stringify({ headers: {} }))).toBeUndefined();
  });

  test('has 40 turns ending with the user, no tool-use id twice, and the same content in both dialects', () => {
    const anthropic = largeAnthropicRequest('mock,fast', true) as { model: string; stream: boolean; messages: { role: string; content: unknown }[] };
    expect(anthropic).toMatchObject({ model: 'mock,fast', stream: true });
    expect(anthropic.messages.length).toBe(40);
    expect(anthropic.messages.at(-1)!.role).toBe('user');
    const ids = JSON.stringify(anthropic.messages).match(/"id":"toolu_[^"]+"/g) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    const openai = largeOpenAIRequest('fast', false) as { messages: unknown[]; stream: boolean };
    expect(openai.stream).toBe(false);
    expect(openai.messages.length).toBe(41);
    expect(JSON.stringify(anthropic).length).toBeGreaterThan(64 * 1024);
    expect(largeRequest().source).toMatch(/Claude Code|synthetic/);
  });
});
