import { describe, expect, test } from 'bun:test';
import type { MessageParam } from '../dialects/anthropic/types';
import { hasWebSearchTool, isBackgroundModel, isLongContext, isThinkingEnabled, lastUserMessageHasImage } from './categories';

const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } } as const;

describe('isBackgroundModel', () => {
  test('matches haiku-class Claude models, present and future names', () => {
    for (const model of ['claude-3-5-haiku-20241022', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001', 'Claude-Haiku-7', 'anthropic/claude-3-haiku']) {
      expect(isBackgroundModel(model)).toBe(true);
    }
  });

  test('does not match other models', () => {
    for (const model of ['claude-sonnet-4-5', 'claude-opus-4-1', 'haiku-poet', 'gpt-4o-mini']) expect(isBackgroundModel(model)).toBe(false);
  });
});

describe('isLongContext', () => {
  test('is strictly above the threshold, by this count or the session last input tokens', () => {
    expect(isLongContext(60_000, undefined, () => 60_000)).toBe(false);
    expect(isLongContext(60_000, undefined, () => 60_001)).toBe(true);
    expect(isLongContext(60_000, 70_000, () => 10)).toBe(true);
    expect(isLongContext(60_000, 50_000, () => 10)).toBe(false);
  });

  test('a session already past the threshold does not count the request', () => {
    expect(isLongContext(60_000, 70_000, () => { throw new Error('counted'); })).toBe(true);
  });
});

describe('hasWebSearchTool', () => {
  test('any web_search* server tool version counts', () => {
    expect(hasWebSearchTool({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toBe(true);
    expect(hasWebSearchTool({ tools: [{ type: 'web_search_20991231', name: 'web_search' }] })).toBe(true);
  });

  test('a custom tool named web_search does not', () => {
    expect(hasWebSearchTool({ tools: [{ name: 'web_search', input_schema: {} }] })).toBe(false);
    expect(hasWebSearchTool({})).toBe(false);
  });
});

describe('isThinkingEnabled', () => {
  test('only an explicit budget counts; adaptive (sent by Claude Code on every turn) does not', () => {
    expect(isThinkingEnabled({ thinking: { type: 'enabled', budget_tokens: 1024 } })).toBe(true);
    expect(isThinkingEnabled({ thinking: { type: 'adaptive' } })).toBe(false);
    expect(isThinkingEnabled({ thinking: { type: 'disabled' } })).toBe(false);
    expect(isThinkingEnabled({})).toBe(false);
  });
});

describe('lastUserMessageHasImage', () => {
  test('an image pasted in the last user turn', () => {
    expect(lastUserMessageHasImage([{ role: 'user', content: [image, { type: 'text', text: 'what is this' }] }])).toBe(true);
  });

  test('an image returned inside a tool_result', () => {
    const messages: MessageParam[] = [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [image] }] }];
    expect(lastUserMessageHasImage(messages)).toBe(true);
  });

  test('an image in an earlier user turn does not count', () => {
    const messages: MessageParam[] = [
      { role: 'user', content: [image] },
      { role: 'assistant', content: 'a cat' },
      { role: 'user', content: 'thanks' },
    ];
    expect(lastUserMessageHasImage(messages)).toBe(false);
  });
});
