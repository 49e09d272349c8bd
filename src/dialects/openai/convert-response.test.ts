import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testContext } from '../../../test/support/convert-stream';
import { convertOpenAIToAnthropic } from './convert-response';
import { assembleMessage } from '../anthropic/assemble-message';
import { THINKING_SIGNATURE_PLACEHOLDER } from '../block-writer';
import { createOpenAIStreamConverter } from './stream-converter';
import type { MessageResponse } from '../anthropic/types';
import type { OpenAIChatResponse, OpenAIResponseMessage } from './types';

const FIXTURES = join(import.meta.dir, '../../../test/fixtures');
const fixture = (path: string): OpenAIChatResponse => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

const response = (message: Partial<OpenAIResponseMessage>, finish_reason: string | null = 'stop', extra: Partial<OpenAIChatResponse> = {}): OpenAIChatResponse => ({
  id: 'chatcmpl-1',
  choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason }],
  ...extra,
});

describe('convertOpenAIToAnthropic', () => {
  test('OpenAI text and parallel tool calls, with cached prompt tokens outside input_tokens', () => {
    expect(convertOpenAIToAnthropic(fixture('openai/response-tool-calls.json'), testContext())).toEqual({
      id: 'msg_test0001',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'text', text: 'Checking both files.' },
        { type: 'tool_use', id: 'call_R1a2b3c4d5e6f7g8h9i0', name: 'Read', input: { file_path: '/src/a.ts' } },
        { type: 'tool_use', id: 'call_R2a2b3c4d5e6f7g8h9i0', name: 'Read', input: { file_path: '/src/b.ts' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 218, output_tokens: 61, cache_read_input_tokens: 4992 },
    });
  });

  test("DeepSeek's reasoning_content becomes a signed thinking block before the text", () => {
    const message = convertOpenAIToAnthropic(fixture('deepseek/response-reasoning.json'), testContext());
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'The question refers to the famous novel; the answer is 42.', signature: THINKING_SIGNATURE_PLACEHOLDER },
      { type: 'text', text: 'The answer is 42.' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toEqual({ input_tokens: 176, output_tokens: 35, cache_read_input_tokens: 1024 });
  });

  test("OpenRouter's reasoning becomes a thinking block", () => {
    const message = convertOpenAIToAnthropic(fixture('openrouter/response-reasoning.json'), testContext());
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Capital of France: Paris.', signature: THINKING_SIGNATURE_PLACEHOLDER },
      { type: 'text', text: 'Paris.' },
    ]);
    expect(message.usage).toEqual({ input_tokens: 14, output_tokens: 9, cache_read_input_tokens: 0 });
  });

  test.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
    ['tool_calls', 'end_turn'],
    [null, 'end_turn'],
    ['something_new', 'end_turn'],
  ] as const)('finish_reason %p without tool calls gives stop_reason %p', (finish, stop) => {
    expect(convertOpenAIToAnthropic(response({ content: 'x' }, finish), testContext()).stop_reason).toBe(stop);
  });

  test('a tool call ends the message with tool_use even when finish_reason says stop', () => {
    const message = convertOpenAIToAnthropic(
      response({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{}' } }] }, 'stop'),
      testContext(),
    );
    expect(message.stop_reason).toBe('tool_use');
  });

  test('a matched stop sequence reported by the provider (vLLM stop_reason) becomes stop_sequence', () => {
    const body: OpenAIChatResponse = { id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'a' }, finish_reason: 'stop', stop_reason: '</answer>' }] };
    const message = convertOpenAIToAnthropic(body, testContext());
    expect([message.stop_reason, message.stop_sequence]).toEqual(['stop_sequence', '</answer>']);
  });

  test('tool call with invalid JSON arguments keeps the call with input {} and a warning', () => {
    const ctx = testContext();
    const message = convertOpenAIToAnthropic(
      response({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file_path": "/a' } }] }, 'tool_calls'),
      ctx,
    );
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'Read', input: {} }]);
    expect(ctx.warnings).toEqual(['tool call Read: arguments are not valid JSON, sent as {}: {"file_path": "/a']);
  });

  test('tool call without an id gets a toolu_ id, and its safe name is mapped back', () => {
    const ctx = testContext();
    const safe = ctx.toolNames.toUpstream('mcp__a.b__c');
    const message = convertOpenAIToAnthropic(response({ tool_calls: [{ id: '', type: 'function', function: { name: safe, arguments: '' } }] }, 'tool_calls'), ctx);
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_test0001', name: 'mcp__a.b__c', input: {} }]);
  });

  test("an OpenAI refusal is shown as text with stop_reason refusal", () => {
    const message = convertOpenAIToAnthropic(response({ refusal: "I can't help with that." }, 'stop'), testContext());
    expect(message.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(message.stop_reason).toBe('refusal');
  });

  /** The reference: the stream converter fed the whole response as one chunk, folded back into a message. */
  function viaStreamConverter(body: OpenAIChatResponse): { message: MessageResponse; warnings: string[] } {
    const ctx = testContext();
    const choice = body.choices[0];
    const converter = createOpenAIStreamConverter(ctx);
    const chunk = { choices: choice ? [{ index: 0, delta: choice.message, finish_reason: choice.finish_reason, stop_reason: choice.stop_reason }] : [], usage: body.usage };
    const message = assembleMessage([...converter.push(chunk), ...converter.end()], ctx.warnings);
    return { message, warnings: ctx.warnings };
  }

  const call = (id: string, name: string, args: string, index?: number) => ({ id, type: 'function' as const, function: { name, arguments: args }, ...(index === undefined ? {} : { index }) });
  test.each([
    ['OpenAI text and parallel tool calls', fixture('openai/response-tool-calls.json')],
    ["DeepSeek's reasoning_content", fixture('deepseek/response-reasoning.json')],
    ["OpenRouter's reasoning", fixture('openrouter/response-reasoning.json')],
    ['a refusal', response({ refusal: 'No.' }, 'stop')],
    ['text and a refusal', response({ content: 'Well. ', refusal: 'No.' }, 'stop')],
    ['invalid tool arguments', response({ tool_calls: [call('call_1', 'Read', '{"a')] }, 'stop')],
    ['arguments that are not an object', response({ tool_calls: [call('call_1', 'Read', '[1]')] }, 'tool_calls')],
    ['a call without a name and one with bad arguments', response({ tool_calls: [call('call_1', '', '{"x":1}'), call('call_2', 'Read', 'nope')] }, 'tool_calls')],
    ['calls without ids', response({ tool_calls: [call('', 'Read', '{}'), call('', 'Grep', '{"q":"a"}')] }, 'tool_calls')],
    ['pieces of one call sharing an index', response({ tool_calls: [call('call_1', 'Read', '{"file_', 0), call('', '', 'path":"/a"}', 0)] }, 'tool_calls')],
    ['parallel calls all numbered 0', response({ tool_calls: [call('call_1', 'Read', '{}', 0), call('call_2', 'Grep', '{}', 0)] }, 'tool_calls')],
    ['reasoning, text and a tool call', response({ reasoning_content: 'Hmm.', content: 'Reading.', tool_calls: [call('call_1', 'Read', '{}')] }, 'tool_calls')],
    ['a matched stop sequence', { id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'a' }, finish_reason: 'stop', stop_reason: '</answer>' }] } as OpenAIChatResponse],
    ['a stop token id', { id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'a' }, finish_reason: 'stop', stop_reason: 7 }] } as OpenAIChatResponse],
    ['no finish_reason', response({ content: 'cut' }, null)],
    ['an empty finish_reason', response({ content: 'cut' }, '')],
    ['max tokens', response({ content: 'cut' }, 'length', { usage: { prompt_tokens: 5, completion_tokens: 9 } })],
    ['empty content', response({ content: '' }, 'stop')],
    ['no choices', { id: 'c', choices: [] } as OpenAIChatResponse],
  ])('the direct conversion agrees with the stream converter: %s', (_name, body) => {
    const ctx = testContext();
    const message = convertOpenAIToAnthropic(body, ctx);
    const reference = viaStreamConverter(body);
    expect(message).toEqual(reference.message);
    // Byte for byte as the client receives it: the same fields in the same order.
    expect(JSON.stringify(message)).toBe(JSON.stringify(reference.message));
    if (body.choices.length > 0) expect(ctx.warnings).toEqual(reference.warnings);
  });

  test('a response without choices becomes an empty message and a warning', () => {
    const ctx = testContext();
    const message = convertOpenAIToAnthropic({ id: 'c', choices: [] }, ctx);
    expect(message.content).toEqual([]);
    expect(message.usage).toEqual({ input_tokens: 0, output_tokens: 0 });
    expect(ctx.warnings).toEqual(['upstream response has no choices: empty message']);
  });
});
