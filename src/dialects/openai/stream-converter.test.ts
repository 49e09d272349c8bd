import { describe, expect, test } from 'bun:test';
import { assertAnthropicEventGrammar } from '../../../test/support/anthropic-grammar';
import { testContext } from '../../../test/support/convert-stream';
import type { StreamEvent } from '../anthropic/types';
import type { ConversionContext } from '../types';
import { THINKING_SIGNATURE_PLACEHOLDER } from '../block-writer';
import { createOpenAIStreamConverter } from './stream-converter';
import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIToolCallDelta, OpenAIUsage } from './types';

const chunk = (delta: OpenAIChunkDelta, finish_reason: string | null = null, extra: Partial<OpenAIChatChunk> = {}): OpenAIChatChunk => ({
  id: 'chatcmpl-1',
  choices: [{ index: 0, delta, finish_reason }],
  ...extra,
});
const tool = (index: number, fields: { id?: string; name?: string; arguments?: string }): OpenAIToolCallDelta => ({
  index,
  ...(fields.id !== undefined && { id: fields.id, type: 'function' as const }),
  function: { ...(fields.name !== undefined && { name: fields.name }), ...(fields.arguments !== undefined && { arguments: fields.arguments }) },
});

/** Runs chunks through one converter, ending it, and checks the grammar on the way. */
function run(chunks: OpenAIChatChunk[], ctx: ConversionContext = testContext()): StreamEvent[] {
  const converter = createOpenAIStreamConverter(ctx);
  const events = chunks.flatMap((item) => converter.push(item));
  events.push(...converter.end());
  assertAnthropicEventGrammar(events);
  return events;
}

/** The content blocks a client would assemble from the events. */
function assemble(events: StreamEvent[]) {
  const blocks: Array<Record<string, unknown>> = [];
  const json: string[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') {
      blocks[event.index] = { ...event.content_block };
      json[event.index] = '';
    } else if (event.type === 'content_block_delta') {
      const block = blocks[event.index];
      const delta = event.delta;
      if (delta.type === 'text_delta') block.text = `${block.text}${delta.text}`;
      else if (delta.type === 'thinking_delta') block.thinking = `${block.thinking}${delta.thinking}`;
      else if (delta.type === 'signature_delta') block.signature = delta.signature;
      else if (delta.type === 'input_json_delta') json[event.index] += delta.partial_json;
    } else if (event.type === 'content_block_stop' && blocks[event.index].type === 'tool_use') {
      blocks[event.index].input = json[event.index] === '' ? {} : JSON.parse(json[event.index]);
    }
  }
  return blocks;
}

const messageDelta = (events: StreamEvent[]) => events.find((event) => event.type === 'message_delta') as Extract<StreamEvent, { type: 'message_delta' }>;

const usage: OpenAIUsage = { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 60 } };

describe('openai stream converter', () => {
  test('message_start comes first with the requested model, a msg_ id and zero usage, then a ping', () => {
    const events = run([chunk({ content: 'hi' }, 'stop')]);
    expect(events[0]).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_test0001',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
    expect(events[1]).toEqual({ type: 'ping' });
  });

  test('a stream that ends before any chunk still sends a valid, empty message', () => {
    const converter = createOpenAIStreamConverter(testContext());
    const events = converter.end();
    assertAnthropicEventGrammar(events);
    expect(events.map((event) => event.type)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
    expect(messageDelta(events).delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
  });

  test('end() twice and push() after end() send nothing more (no second message_stop)', () => {
    const converter = createOpenAIStreamConverter(testContext());
    converter.push(chunk({ content: 'a' }));
    expect(converter.end().at(-1)).toEqual({ type: 'message_stop' });
    expect(converter.end()).toEqual([]);
    expect(converter.push(chunk({ content: 'b' }))).toEqual([]);
  });

  test('text in the same chunk as finish_reason is not lost', () => {
    const events = run([chunk({ role: 'assistant', content: 'All done.' }, 'stop')]);
    expect(assemble(events)).toEqual([{ type: 'text', text: 'All done.' }]);
  });

  test('usage arriving after finish_reason, in a chunk with empty choices, reaches message_delta', () => {
    const events = run([chunk({ content: 'x' }, 'stop'), { id: 'c', choices: [], usage }]);
    expect(messageDelta(events).usage).toEqual({ input_tokens: 40, output_tokens: 20, cache_read_input_tokens: 60 });
  });

  test('a stream without usage still sends message_delta with output_tokens', () => {
    const events = run([chunk({ content: 'x' }, 'stop')]);
    expect(messageDelta(events).usage).toEqual({ output_tokens: 0 });
  });

  test('a stream that ends without finish_reason closes its block and ends the message', () => {
    const events = run([chunk({ content: 'trunc' })]);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  test('reasoning then text: the thinking block closes with a signature before the text opens', () => {
    const events = run([chunk({ reasoning_content: 'hmm' }), chunk({ content: 'answer' }, 'stop')]);
    expect(assemble(events)).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: THINKING_SIGNATURE_PLACEHOLDER },
      { type: 'text', text: 'answer' },
    ]);
  });

  test("OpenRouter's `reasoning` field becomes thinking, and a chunk carrying both spellings is not doubled", () => {
    const events = run([chunk({ reasoning: 'a' }), chunk({ reasoning: 'b', reasoning_content: 'b' }), chunk({}, 'stop')]);
    expect(assemble(events)).toEqual([{ type: 'thinking', thinking: 'ab', signature: THINKING_SIGNATURE_PLACEHOLDER }]);
  });

  test('a stream that ends inside reasoning still closes the thinking block with a signature', () => {
    const events = run([chunk({ reasoning_content: 'cut off' })]);
    expect(events).toContainEqual({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: THINKING_SIGNATURE_PLACEHOLDER } });
  });

  test('a stream that opened a tool_use block ends with stop_reason tool_use even when finish_reason says stop', () => {
    const events = run([chunk({ tool_calls: [tool(0, { id: 'call_1', name: 'Read', arguments: '{}' })] }, 'stop')]);
    expect(messageDelta(events).delta.stop_reason).toBe('tool_use');
  });

  test('a tool call with no finish_reason at all still ends with stop_reason tool_use', () => {
    const events = run([chunk({ tool_calls: [tool(0, { id: 'call_1', name: 'Read', arguments: '{"a":1}' })] })]);
    expect(messageDelta(events).delta.stop_reason).toBe('tool_use');
    expect(assemble(events)).toEqual([{ type: 'tool_use', id: 'call_1', name: 'Read', input: { a: 1 } }]);
  });

  test('tool call whose name arrives after its arguments is not dropped', () => {
    const events = run([
      chunk({ tool_calls: [tool(0, { arguments: '{"path":' })] }),
      chunk({ tool_calls: [tool(0, { arguments: '"/a"}' })] }),
      chunk({ tool_calls: [tool(0, { id: 'call_late', name: 'Read' })] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(assemble(events)).toEqual([{ type: 'tool_use', id: 'call_late', name: 'Read', input: { path: '/a' } }]);
  });

  test('tool call whose id never arrives gets a toolu_ id instead of none', () => {
    const events = run([chunk({ tool_calls: [tool(0, { name: 'Read', arguments: '{}' })] }, 'tool_calls')]);
    expect(assemble(events)).toEqual([{ type: 'tool_use', id: 'toolu_test0001', name: 'Read', input: {} }]);
  });

  test('tool call without any name is reported in warnings rather than dropped silently', () => {
    const ctx = testContext();
    const events = run([chunk({ tool_calls: [tool(0, { arguments: '{"x":1}' })] }, 'tool_calls')], ctx);
    expect(assemble(events)).toEqual([]);
    expect(ctx.warnings).toEqual(['tool call without a name dropped; its arguments were: {"x":1}']);
    expect(messageDelta(events).delta.stop_reason).toBe('end_turn');
  });

  test('interleaved parallel tool calls both arrive whole, each in its own block', () => {
    const events = run([
      chunk({ tool_calls: [tool(0, { id: 'call_a', name: 'Read', arguments: '{"file' }), tool(1, { id: 'call_b', name: 'Grep', arguments: '{"pat' })] }),
      chunk({ tool_calls: [tool(1, { arguments: 'tern":"x"}' })] }),
      chunk({ tool_calls: [tool(0, { arguments: '_path":"/a"}' })] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(assemble(events)).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: '/a' } },
      { type: 'tool_use', id: 'call_b', name: 'Grep', input: { pattern: 'x' } },
    ]);
  });

  test('parallel tool calls all numbered index 0 but with different ids stay separate calls', () => {
    const events = run([
      chunk({ tool_calls: [tool(0, { id: 'call_a', name: 'Read', arguments: '{"file_path":"/a"}' })] }),
      chunk({ tool_calls: [tool(0, { id: 'call_b', name: 'Read', arguments: '{"file_path":"/b"}' })] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(assemble(events)).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: '/a' } },
      { type: 'tool_use', id: 'call_b', name: 'Read', input: { file_path: '/b' } },
    ]);
  });

  test('a provider repeating the same id on every argument delta does not split the call', () => {
    const events = run([
      chunk({ tool_calls: [tool(0, { id: 'call_a', name: 'Read', arguments: '{"file_path"' })] }),
      chunk({ tool_calls: [tool(0, { id: 'call_a', arguments: ':"/a"}' })] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(assemble(events)).toEqual([{ type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: '/a' } }]);
  });

  test('text arriving while a tool call streams is kept, after the tool block, not interleaved', () => {
    const events = run([
      chunk({ tool_calls: [tool(0, { id: 'call_a', name: 'Read', arguments: '{"file_path"' })] }),
      chunk({ content: '\n' }),
      chunk({ tool_calls: [tool(0, { arguments: ':"/a"}' })] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(assemble(events)).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: '/a' } },
      { type: 'text', text: '\n' },
    ]);
    expect(messageDelta(events).delta.stop_reason).toBe('tool_use');
  });

  test('tool names the upstream saw as safe names come back as the client sent them', () => {
    const ctx = testContext();
    const original = 'mcp__server__a.tool.with.dots';
    const safe = ctx.toolNames.toUpstream(original);
    const events = run([chunk({ tool_calls: [tool(0, { id: 'call_1', name: safe, arguments: '{}' })] }, 'tool_calls')], ctx);
    expect(assemble(events)[0].name).toBe(original);
  });

  test('a vLLM stop_reason naming the matched stop sequence becomes stop_sequence', () => {
    const events = run([{ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 'stop', stop_reason: '###' }] }]);
    expect(messageDelta(events).delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: '###' });
  });

  test("a streamed OpenAI refusal ends with stop_reason refusal, as the non-streamed one does (was end_turn)", () => {
    const events = run([chunk({ refusal: "I can't " }), chunk({ refusal: 'help with that.' }, 'stop')]);
    expect(assemble(events)).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(messageDelta(events).delta.stop_reason).toBe('refusal');
  });

  test('tool call deltas without an index (whole calls per chunk) are told apart by their position', () => {
    const events = run([
      chunk({
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
          { id: 'call_b', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/b"}' } },
        ],
      }, 'tool_calls'),
    ]);
    expect(assemble(events)).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: '/a' } },
      { type: 'tool_use', id: 'call_b', name: 'Read', input: { file_path: '/b' } },
    ]);
  });

  test('a numeric vLLM stop_reason (a stop token id, not a sequence) is a plain end_turn', () => {
    const events = run([{ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 'stop', stop_reason: 151643 }] }]);
    expect(messageDelta(events).delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
  });

  test('finish_reason length becomes max_tokens', () => {
    expect(messageDelta(run([chunk({ content: 'a' }, 'length')])).delta.stop_reason).toBe('max_tokens');
  });

  test("DeepSeek's prompt_cache_hit_tokens count as cache reads, outside input_tokens", () => {
    const events = run([chunk({ content: 'a' }, 'stop', { usage: { prompt_tokens: 50, completion_tokens: 5, prompt_cache_hit_tokens: 32, prompt_cache_miss_tokens: 18 } })]);
    expect(messageDelta(events).usage).toEqual({ input_tokens: 18, output_tokens: 5, cache_read_input_tokens: 32 });
  });

  test('empty content strings open no empty text block', () => {
    const events = run([chunk({ role: 'assistant', content: '' }), chunk({ content: '' }, 'stop')]);
    expect(events.some((event) => event.type === 'content_block_start')).toBe(false);
  });
});
