import { describe, expect, test } from 'bun:test';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { extractSubagentModel } from './subagent';

const tag = '<CCR-SUBAGENT-MODEL>openrouter,google/gemini-2.5-pro</CCR-SUBAGENT-MODEL>';
const base = (overrides: Partial<MessagesRequest>): MessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hi' }],
  ...overrides,
});

describe('extractSubagentModel', () => {
  test('returns the input itself when there is no tag', () => {
    const request = base({ system: 'You are a helper.' });
    const result = extractSubagentModel(request);
    expect(result.target).toBeUndefined();
    expect(result.request).toBe(request);
  });

  test('finds the tag in a system string and removes it without mutating the input', () => {
    const request = base({ system: `${tag}You review code.` });
    const snapshot = structuredClone(request);
    const result = extractSubagentModel(request);
    expect(result.target).toBe('openrouter,google/gemini-2.5-pro');
    expect(result.request.system).toBe('You review code.');
    expect(request).toEqual(snapshot);
  });

  test('finds the tag in a system text block, keeps cache_control and other blocks', () => {
    const request = base({
      system: [
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: `Agent prompt.\n${tag}`, cache_control: { type: 'ephemeral' } },
      ],
    });
    const result = extractSubagentModel(request);
    expect(result.target).toBe('openrouter,google/gemini-2.5-pro');
    expect(result.request.system).toEqual([
      { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Agent prompt.\n', cache_control: { type: 'ephemeral' } },
    ]);
    expect((request.system as Array<{ text: string }>)[1].text).toContain(tag);
  });

  test('drops a system block that held only the tag (Anthropic refuses empty text blocks)', () => {
    const result = extractSubagentModel(base({ system: [{ type: 'text', text: 'Main.' }, { type: 'text', text: ` ${tag} ` }] }));
    expect(result.request.system).toEqual([{ type: 'text', text: 'Main.' }]);
    const onlyTag = extractSubagentModel(base({ system: tag }));
    expect('system' in onlyTag.request).toBe(false);
  });

  test('finds the tag in the first user message, as a string and as blocks', () => {
    const asString = extractSubagentModel(base({ messages: [{ role: 'user', content: `${tag}Review the diff.` }] }));
    expect(asString.target).toBe('openrouter,google/gemini-2.5-pro');
    expect(asString.request.messages[0].content).toBe('Review the diff.');

    const request = base({
      messages: [
        { role: 'user', content: [{ type: 'text', text: `<system-reminder>${tag}</system-reminder>` }, { type: 'text', text: 'Review the diff.' }] },
        { role: 'assistant', content: 'ok' },
      ],
    });
    const asBlocks = extractSubagentModel(request);
    expect(asBlocks.request.messages[0].content).toEqual([
      { type: 'text', text: '<system-reminder></system-reminder>' },
      { type: 'text', text: 'Review the diff.' },
    ]);
    expect(asBlocks.request.messages[1]).toBe(request.messages[1]);
    expect(JSON.stringify(request.messages[0])).toContain(tag);
  });

  test('a tag in a later user message is not a subagent marker', () => {
    const request = base({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: tag }] });
    expect(extractSubagentModel(request).target).toBeUndefined();
  });

  test('the system tag wins over the user message one, and both are removed', () => {
    const other = '<CCR-SUBAGENT-MODEL>deepseek,deepseek-chat</CCR-SUBAGENT-MODEL>';
    const result = extractSubagentModel(base({ system: `${tag} agent`, messages: [{ role: 'user', content: `${other} task` }] }));
    expect(result.target).toBe('openrouter,google/gemini-2.5-pro');
    expect(JSON.stringify(result.request)).not.toContain('CCR-SUBAGENT-MODEL');
  });
});
