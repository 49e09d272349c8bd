import { describe, expect, test } from 'bun:test';
import { assertAnthropicEventGrammar } from '../../test/support/anthropic-grammar';
import type { OpenAIChatResponse } from '../dialects/openai/types';
import { enhancetool } from './enhancetool';
import { block, blockTexts, messageEnd, messageStart, runStream } from './stream-test-helpers';
import { transformerContext } from './test-context';

function openAIResponse(args: string): OpenAIChatResponse {
  return {
    id: 'chatcmpl-1',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Edit', arguments: args } }] },
      },
    ],
  };
}

const argumentsOf = (body: unknown) => (body as OpenAIChatResponse).choices[0].message.tool_calls![0].function.arguments;

describe('enhancetool (non-stream)', () => {
  test('repairs a broken argument string (trailing comma, single quotes, cut off)', () => {
    const ctx = transformerContext();
    const out = enhancetool.create({}).upstreamResponse!(openAIResponse("{'path': 'a.ts', \"lines\": [1, 2,], \"note\": \"unfinished"), ctx);
    expect(JSON.parse(argumentsOf(out))).toEqual({ path: 'a.ts', lines: [1, 2], note: 'unfinished' });
    expect(ctx.warnings[0]).toContain('repaired the arguments of Edit');
  });

  test('valid arguments are left byte for byte', () => {
    const ctx = transformerContext();
    const args = '{"path":  "a.ts"}';
    expect(argumentsOf(enhancetool.create({}).upstreamResponse!(openAIResponse(args), ctx))).toBe(args);
    expect(ctx.warnings).toEqual([]);
  });

  test('arguments beyond repair become {} with a warning', () => {
    const ctx = transformerContext();
    expect(argumentsOf(enhancetool.create({}).upstreamResponse!(openAIResponse('"just a string"'), ctx))).toBe('{}');
    expect(ctx.warnings[0]).toContain('beyond repair');
  });

  test('other dialects pass through', () => {
    const body = { content: [] };
    expect(enhancetool.create({}).upstreamResponse!(body, transformerContext({ dialect: 'anthropic' }))).toBe(body);
  });
});

describe('enhancetool (stream)', () => {
  test("buffers a tool's argument deltas and sends one repaired delta at block stop", () => {
    const events = runStream(
      enhancetool.create({}),
      [
        messageStart,
        ...block(0, { type: 'text', text: '' }, [{ type: 'text_delta', text: 'Editing.' }]),
        ...block(1, { type: 'tool_use', id: 'toolu_1', name: 'Edit', input: {} }, [
          { type: 'input_json_delta', partial_json: '{"path": "a.ts",' },
          { type: 'input_json_delta', partial_json: ' "old": "x",}' },
        ]),
        ...messageEnd('tool_use'),
      ],
      transformerContext(),
    );
    assertAnthropicEventGrammar(events);
    const texts = blockTexts(events);
    expect(texts[0]).toEqual(['text', 'Editing.']);
    expect(JSON.parse(texts[1][1])).toEqual({ path: 'a.ts', old: 'x' });
    expect(events.filter((event) => event.type === 'content_block_delta' && event.index === 1)).toHaveLength(1);
  });

  test('a tool block without arguments stays without a delta', () => {
    const events = runStream(
      enhancetool.create({}),
      [messageStart, ...block(0, { type: 'tool_use', id: 'toolu_1', name: 'Now', input: {} }, []), ...messageEnd('tool_use')],
      transformerContext(),
    );
    assertAnthropicEventGrammar(events);
    expect(events.some((event) => event.type === 'content_block_delta')).toBe(false);
  });
});
