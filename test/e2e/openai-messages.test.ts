/**
 * End to end through the app, with the official Anthropic SDK as the client and a fake
 * OpenAI-compatible provider on 127.0.0.1: what Claude Code would see.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { buildTestApp } from '../support/ccr-app';
import { startBreakingUpstream, startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const usageChunk = (prompt: number, completion: number) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })}\n\n`;

let reply: (request: RecordedRequest) => FakeReply = () => ({ json: {} });
let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  upstream = startFakeUpstream((request) => reply(request));
  ccr = await buildTestApp({
    Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'sk-upstream-secret', models: ['gpt-test'] }],
    Router: { default: 'fake,gpt-test' },
    API_TIMEOUT_MS: 2000,
  });
});
afterAll(() => upstream.stop());

const lastUpstreamBody = () => upstream.requests.at(-1)!.body;

describe('non-streaming', () => {
  test('a text answer arrives as an Anthropic message, and the provider got a chat completions body', async () => {
    reply = () => ({
      json: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        model: 'gpt-test',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
      },
    });
    const message = await ccr.client().messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello there' } as Anthropic.TextBlock]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(12);
    expect(message.usage.output_tokens).toBe(3);
    expect(message.id).toStartWith('msg_');
    expect(message.model).toBe('claude-sonnet-4-6');

    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(sent.body.model).toBe('gpt-test');
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(sent.body.max_tokens).toBe(100);
  });

  test('the route is visible in x-ccr-route', async () => {
    reply = () => ({ json: { id: 'c', object: 'chat.completion', model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] } });
    const { response } = await ccr.client().messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(response.headers.get('x-ccr-route')).toBe('default; fake,gpt-test');
  });

  test('a tool call comes back as tool_use with parsed input and stop_reason tool_use', async () => {
    reply = () => ({
      json: {
        id: 'c',
        object: 'chat.completion',
        model: 'gpt-test',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 },
      },
    });
    const message = await ccr.client().messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } } as Anthropic.ToolUseBlock]);
    expect(lastUpstreamBody().tools[0]).toEqual({
      type: 'function',
      function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    });
  });
});

describe('streaming', () => {
  test('SDK stream accumulator assembles text, thinking and a tool call exactly as a native message', async () => {
    reply = () => ({
      chunks: [
        chunk({ role: 'assistant', content: null, reasoning_content: 'Let me ' }),
        chunk({ reasoning_content: 'think.' }),
        chunk({ content: 'Checking' }),
        chunk({ content: ' the weather.' }),
        chunk({ tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        chunk({}, 'tool_calls'),
        usageChunk(30, 12),
        'data: [DONE]\n\n',
      ],
      chunkDelayMs: 2,
    });
    const stream = ccr.client().messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 200,
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Checking the weather.');
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect((message.content[0] as Anthropic.ThinkingBlock).thinking).toBe('Let me think.');
    expect((message.content[0] as Anthropic.ThinkingBlock).signature.length).toBeGreaterThan(0);
    expect(message.content[1]).toMatchObject({ type: 'text', text: 'Checking the weather.' });
    expect(message.content[2]).toMatchObject({ type: 'tool_use', id: 'call_9', name: 'get_weather', input: { city: 'Paris' } });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(12);
    expect(message.usage.input_tokens).toBe(30);
    expect(lastUpstreamBody().stream).toBe(true);
    expect(lastUpstreamBody().stream_options).toEqual({ include_usage: true });
  });

  test('a stream equals the non-stream message for the same answer', async () => {
    const json = {
      id: 'c',
      object: 'chat.completion',
      model: 'gpt-test',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Same answer' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    };
    reply = () => ({ json });
    const params = { model: 'claude-sonnet-4-6', max_tokens: 2, messages: [{ role: 'user' as const, content: 'x' }] };
    const whole = await ccr.client().messages.create(params);
    reply = () => ({ chunks: [chunk({ role: 'assistant', content: 'Same' }), chunk({ content: ' answer' }, 'length'), usageChunk(5, 2), 'data: [DONE]\n\n'] });
    const streamed = await ccr.client().messages.stream(params).finalMessage();
    const essentials = (message: Anthropic.Message) => ({
      content: message.content.map((block) => (block.type === 'text' ? { type: block.type, text: block.text } : block)),
      model: message.model,
      role: message.role,
      stop_reason: message.stop_reason,
      stop_sequence: message.stop_sequence,
      usage: message.usage,
    });
    expect(essentials(streamed)).toEqual(essentials(whole));
    expect(streamed.stop_reason).toBe('max_tokens');
  });

  test('a provider that ignores stream: true and answers JSON still gives the client a stream', async () => {
    reply = () => ({
      json: { id: 'c', object: 'chat.completion', model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'as JSON' }, finish_reason: 'stop' }], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } },
    });
    const message = await ccr.client().messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect((message.content[0] as Anthropic.TextBlock).text).toBe('as JSON');
    expect(message.usage.output_tokens).toBe(2);
  });

  test('a paced upstream still streams every event (no pull() that enqueues nothing)', async () => {
    reply = () => ({
      chunks: [...Array.from({ length: 20 }, (_, i) => chunk({ content: `w${i} ` })), chunk({}, 'stop'), 'data: [DONE]\n\n'],
      chunkDelayMs: 5,
    });
    const message = await ccr.client().messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'count' }] }).finalMessage();
    expect((message.content[0] as Anthropic.TextBlock).text).toBe(Array.from({ length: 20 }, (_, i) => `w${i} `).join(''));
  });

  test('an upstream that stops without finish_reason or [DONE] still gets a closed message', async () => {
    reply = () => ({ chunks: [chunk({ role: 'assistant', content: 'cut ' }), chunk({ content: 'short' })] });
    const message = await ccr.client().messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect((message.content[0] as Anthropic.TextBlock).text).toBe('cut short');
  });

  test('an upstream failing mid-stream ends with an error event the SDK raises, not a hang', async () => {
    const breaking = startBreakingUpstream([chunk({ role: 'assistant', content: 'partial' })]);
    const cut = await buildTestApp({ Providers: [{ name: 'dying', api_base_url: `${breaking.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'dying,m' } });
    const stream = cut.client().messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toThrow(/dying\W{1,4} broke off the stream: ECONNRESET/);
    // The stream had started: the client saw the text before the error event.
    expect(texts.join('')).toBe('partial');
    breaking.stop();
  });

  test('an upstream going silent mid-stream past API_TIMEOUT_MS ends with an error event', async () => {
    const { handle } = await buildTestApp({
      Providers: [{ name: 'slow', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }],
      Router: { default: 'slow,m' },
      API_TIMEOUT_MS: 100,
    });
    reply = () => ({ chunks: [chunk({ role: 'assistant', content: 'hello' })], hangAfterChunks: true });
    const response = await handle('http://ccr.test/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = await response.text();
    expect(text).toContain('event: error');
    expect(text).toContain('went silent');
    expect(text).toContain('"type":"timeout_error"');
  });
});
