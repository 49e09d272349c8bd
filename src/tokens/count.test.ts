import { describe, expect, test } from 'bun:test';
import type { MessageParam, Tool } from '../dialects/anthropic/types';
import { countRequestTokens, DOCUMENT_TOKEN_ESTIMATE, IMAGE_TOKEN_ESTIMATE } from './count';
import { CountCache } from './count-cache';
import { countTextTokens } from './encoder';

const user = (content: MessageParam['content']): MessageParam => ({ role: 'user', content });
const png = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } as const;

describe('countTextTokens', () => {
  test('counts cl100k tokens', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('hello world')).toBe(2);
  });

  test('text that spells a special token is counted as text instead of throwing', () => {
    expect(countTextTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });
});

describe('countRequestTokens', () => {
  test('an empty request counts nothing', () => {
    expect(countRequestTokens({ messages: [] })).toBe(0);
  });

  test('system as a string and as text blocks count the same', () => {
    const text = 'You are Claude Code, a coding assistant.';
    const asString = countRequestTokens({ system: text, messages: [] });
    const asBlocks = countRequestTokens({ system: [{ type: 'text', text }], messages: [] });
    expect(asString).toBe(countTextTokens(text));
    expect(asBlocks).toBe(asString);
  });

  test('message text as a string and as a text block count the same', () => {
    const text = 'Refactor this function please';
    expect(countRequestTokens({ messages: [user(text)] })).toBe(countTextTokens(text));
    expect(countRequestTokens({ messages: [user([{ type: 'text', text }])] })).toBe(countTextTokens(text));
  });

  test('an image costs the fixed estimate, also inside a tool result', () => {
    expect(countRequestTokens({ messages: [user([{ type: 'image', source: png }])] })).toBe(IMAGE_TOKEN_ESTIMATE);
    const inResult = user([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'image', source: png }] }]);
    expect(countRequestTokens({ messages: [inResult] })).toBe(IMAGE_TOKEN_ESTIMATE);
  });

  test('a PDF document costs the fixed estimate; a text document its text', () => {
    const pdf = user([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } }]);
    expect(countRequestTokens({ messages: [pdf] })).toBe(DOCUMENT_TOKEN_ESTIMATE);
    const text = 'one two three four';
    const plain = user([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: text } }]);
    expect(countRequestTokens({ messages: [plain] })).toBe(countTextTokens(text));
  });

  test('tool_use input is counted, including a large string inside it', () => {
    const content = 'const x = 1;\n'.repeat(2000);
    const small = countRequestTokens({
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Write', input: { file_path: '/a.ts' } }] }],
    });
    const large = countRequestTokens({
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Write', input: { file_path: '/a.ts', content } }] }],
    });
    expect(small).toBeGreaterThan(countTextTokens('Write'));
    expect(large - small).toBeGreaterThanOrEqual(countTextTokens(content));
  });

  test('tool_result content is counted as a string and as blocks', () => {
    const text = 'file contents here';
    const asString = user([{ type: 'tool_result', tool_use_id: 't1', content: text }]);
    const asBlocks = user([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text }] }]);
    expect(countRequestTokens({ messages: [asString] })).toBe(countTextTokens(text));
    expect(countRequestTokens({ messages: [asBlocks] })).toBe(countTextTokens(text));
    expect(countRequestTokens({ messages: [user([{ type: 'tool_result', tool_use_id: 't1' }])] })).toBe(0);
  });

  test('thinking text is counted, its signature is not', () => {
    const thinking = 'Let me think about the file layout first.';
    const message: MessageParam = { role: 'assistant', content: [{ type: 'thinking', thinking, signature: 'x'.repeat(500) }] };
    expect(countRequestTokens({ messages: [message] })).toBe(countTextTokens(thinking));
  });

  test('redacted thinking is estimated from its length', () => {
    const message: MessageParam = { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'A'.repeat(400) }] };
    expect(countRequestTokens({ messages: [message] })).toBe(100);
  });

  test('tool definitions count name, description and schema', () => {
    const bare: Tool = { name: 'Read', input_schema: { type: 'object' } };
    const described: Tool = {
      name: 'Read',
      description: 'Reads a file from the local filesystem.',
      input_schema: { type: 'object', properties: { file_path: { type: 'string', description: 'absolute path' } } },
    };
    const bareCount = countRequestTokens({ messages: [], tools: [bare] });
    const describedCount = countRequestTokens({ messages: [], tools: [described] });
    expect(bareCount).toBeGreaterThan(countTextTokens('Read'));
    expect(describedCount - bareCount).toBeGreaterThan(countTextTokens('Reads a file from the local filesystem.'));
  });

  test('server tools are counted', () => {
    const webSearch: Tool = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 };
    expect(countRequestTokens({ messages: [], tools: [webSearch] })).toBeGreaterThan(0);
  });

  test('parts add up', () => {
    const system = 'be brief';
    const text = 'hello there';
    expect(countRequestTokens({ system, messages: [user(text), { role: 'assistant', content: text }] })).toBe(
      countTextTokens(system) + 2 * countTextTokens(text),
    );
  });

  test('a long conversation of distinct turns is the sum of its turns', () => {
    const turns = Array.from({ length: 50 }, (_, i) => `Turn ${i}: the quick brown fox jumps over the lazy dog. `.repeat(40 + i));
    const messages = turns.map((turn, i) => (i % 2 === 0 ? user(turn) : { role: 'assistant' as const, content: turn }));
    expect(countRequestTokens({ messages })).toBe(turns.reduce((sum, turn) => sum + countTextTokens(turn), 0));
  });
});

describe('countTextTokens cache', () => {
  test('cached counts are the counts of their own text', () => {
    const a = 'Claude Code resends its system prompt on every turn. '.repeat(200);
    const b = 'A different prompt entirely, with other words. '.repeat(300);
    const first = [countTextTokens(a), countTextTokens(b)];
    expect(first[0]).not.toBe(first[1]);
    expect([countTextTokens(a), countTextTokens(b)]).toEqual(first);
  });
});

describe('CountCache', () => {
  function setup(limitChars: number) {
    const cache = new CountCache(limitChars);
    const counted: string[] = [];
    const count = (text: string) => (counted.push(text), text.length);
    return { get: (text: string) => cache.get(text, count), counted };
  }

  test('a text is counted once while it stays in the young generation', () => {
    const { get, counted } = setup(100);
    expect([get('aaaa'), get('aaaa'), get('bb')]).toEqual([4, 4, 2]);
    expect(counted).toEqual(['aaaa', 'bb']);
  });

  test('past the limit the young generation becomes the old one, and the one before is dropped', () => {
    const { get, counted } = setup(8);
    for (const text of ['aa', 'bb', 'cc', 'dd']) get(text); // 8 chars: the young generation is full
    get('ee'); // {aa, bb, cc, dd} become the old generation; ee starts a new young one
    get('aa'); // found in the old generation: not counted again, and kept in the young one
    expect(counted).toEqual(['aa', 'bb', 'cc', 'dd', 'ee']);
    for (const text of ['ff', 'gg', 'hh']) get(text); // hh swaps again: {ee, aa, ff, gg} old, {bb, cc, dd} dropped
    get('aa');
    get('bb');
    expect(counted).toEqual(['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg', 'hh', 'bb']);
  });

  test('a text over a quarter of the limit is never cached', () => {
    const { get, counted } = setup(8);
    get('abc');
    get('abc');
    expect(counted).toEqual(['abc', 'abc']);
  });
});
