import { describe, expect, test } from 'bun:test';
import type { MessagesRequest } from './anthropic/types';
import { placeSystemMessages } from './system-messages';

const wrapped = (text: string) => `<system-reminder>\n${text}\n</system-reminder>`;

/** Claude Code 2.1.332's first turn: the user's prompt, then its environment block as a system message. */
const firstTurn: MessagesRequest = {
  model: 'm',
  max_tokens: 10,
  system: [{ type: 'text', text: 'You are Claude Code.' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'say hello' }] },
    { role: 'system', content: [{ type: 'text', text: '# Environment\ncwd: /p' }] },
  ],
};

describe('placeSystemMessages', () => {
  test('keep: the request itself, untouched', () => {
    expect(placeSystemMessages(firstTurn, 'keep', [])).toBe(firstTurn);
  });

  test('a request without system messages is returned as it is, whatever the placement', () => {
    const plain: MessagesRequest = { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] };
    expect(placeSystemMessages(plain, 'user', [])).toBe(plain);
    expect(placeSystemMessages(plain, 'leading', [])).toBe(plain);
  });

  test('user: the text joins the user turn it follows, wrapped; the original is not modified', () => {
    const before = structuredClone(firstTurn);
    const placed = placeSystemMessages(firstTurn, 'user', []);
    expect(placed.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'say hello' }, { type: 'text', text: wrapped('# Environment\ncwd: /p') }] },
    ]);
    expect(placed.system).toEqual(firstTurn.system);
    expect(firstTurn).toEqual(before);
  });

  test('user: later turns keep the same prefix, so a provider prompt cache keeps hitting', () => {
    const second: MessagesRequest = {
      ...firstTurn,
      messages: [
        ...firstTurn.messages,
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'x' }] },
      ],
    };
    const first = placeSystemMessages(firstTurn, 'user', []).messages;
    const next = placeSystemMessages(second, 'user', []).messages;
    expect(next.slice(0, first.length)).toEqual(first);
  });

  test('user: after an assistant turn it opens the next user turn; at the very end it becomes a user turn of its own', () => {
    const request: MessagesRequest = {
      model: 'm',
      max_tokens: 1,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: 'c' },
        { role: 'assistant', content: 'd' },
        { role: 'system', content: 'the end' },
      ],
    };
    expect(placeSystemMessages(request, 'user', []).messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: [{ type: 'text', text: wrapped('be brief') }, { type: 'text', text: 'c' }] },
      { role: 'assistant', content: 'd' },
      { role: 'user', content: [{ type: 'text', text: wrapped('the end') }] },
    ]);
  });

  test('system messages before any turn are the system prompt: appended to it, unwrapped', () => {
    const request: MessagesRequest = {
      model: 'm',
      max_tokens: 1,
      system: 'top',
      messages: [
        { role: 'system', content: 'one' },
        { role: 'developer', content: [{ type: 'text', text: 'two' }] },
        { role: 'user', content: 'hi' },
      ],
    };
    const placed = placeSystemMessages(request, 'user', []);
    expect(placed.system).toEqual([
      { type: 'text', text: 'top' },
      { type: 'text', text: 'one' },
      { type: 'text', text: 'two' },
    ]);
    expect(placed.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  test('leading: every system message is appended to the system prompt, in order', () => {
    const placed = placeSystemMessages(firstTurn, 'leading', []);
    expect(placed.system).toEqual([
      { type: 'text', text: 'You are Claude Code.' },
      { type: 'text', text: '# Environment\ncwd: /p' },
    ]);
    expect(placed.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'say hello' }] }]);
  });

  test('what is not text in a system message is dropped with a warning; an empty one disappears', () => {
    const warnings: string[] = [];
    const request: MessagesRequest = {
      model: 'm',
      max_tokens: 1,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
        { role: 'system', content: '' },
      ],
    };
    expect(placeSystemMessages(request, 'user', warnings).messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(warnings).toEqual(['image block in a system message dropped: only text can be an instruction']);
  });
});
