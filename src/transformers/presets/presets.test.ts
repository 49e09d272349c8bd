import { describe, expect, test } from 'bun:test';
import type { MessagesRequest } from '../../dialects/anthropic/types';
import { openaiDialect } from '../../dialects/openai';
import { testContext } from '../../../test/support/convert-stream';
import { anthropicRequest, transformerContext } from '../test-context';
import type { TransformerContext, TransformerDefinition } from '../types';
import { cerebras } from './cerebras';
import { deepseek } from './deepseek';
import { groq } from './groq';
import { ollama } from './ollama';
import { openai } from './openai';
import { openrouter } from './openrouter';
import { siliconflow } from './siliconflow';
import { volcengine } from './volcengine';

/** The body the upstream receives: request hooks, the openai dialect, then body hooks, as dispatch runs them. */
function upstreamBody(definition: TransformerDefinition, request: MessagesRequest, ctx: TransformerContext, options = {}): Record<string, unknown> {
  const hooks = definition.create(options);
  const transformed = hooks.request ? hooks.request(request, ctx) : request;
  const converted = openaiDialect.convertRequest(transformed, testContext({ model: ctx.model })) as unknown as Record<string, unknown>;
  const body = hooks.upstreamBody ? hooks.upstreamBody(converted, { ...ctx, request: transformed }) : converted;
  return JSON.parse(JSON.stringify(body));
}

const toolTurns: MessagesRequest['messages'] = [
  { role: 'user', content: 'first question' },
  { role: 'assistant', content: [{ type: 'thinking', thinking: 'plain answer reasoning', signature: '' }, { type: 'text', text: 'an answer' }] },
  { role: 'user', content: 'read a.ts' },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'I should read it', signature: '' },
      { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file: 'a.ts' } },
    ],
  },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'file body' }] },
];

const assistants = (body: Record<string, unknown>) => (body.messages as Array<Record<string, unknown>>).filter((message) => message.role === 'assistant');

describe('every preset', () => {
  test('names the openai dialect', () => {
    for (const preset of [openai, openrouter, deepseek, groq, cerebras, ollama, siliconflow, volcengine]) expect(preset.create({}).dialect).toBe('openai');
  });
});

describe('deepseek', () => {
  test('caps max_tokens at the model limit', () => {
    expect(upstreamBody(deepseek, anthropicRequest(), transformerContext({ model: 'deepseek-chat' })).max_tokens).toBe(8192);
    expect(upstreamBody(deepseek, anthropicRequest({ max_tokens: 100_000 }), transformerContext({ model: 'deepseek-reasoner' })).max_tokens).toBe(65_536);
    expect(upstreamBody(deepseek, anthropicRequest(), transformerContext({ model: 'deepseek-v9' })).max_tokens).toBe(32_000);
    expect(upstreamBody(deepseek, anthropicRequest(), transformerContext({ model: 'deepseek-v9' }), { max_tokens: 1000 }).max_tokens).toBe(1000);
  });

  test('sends reasoning_content back on tool-call turns only', () => {
    const body = upstreamBody(deepseek, anthropicRequest({ messages: toolTurns }), transformerContext({ model: 'deepseek-reasoner' }));
    const [plain, withTools] = assistants(body);
    expect(plain.reasoning_content).toBeUndefined();
    expect(withTools.reasoning_content).toBe('I should read it');
  });

  test('drops what deepseek-reasoner refuses, keeps it for deepseek-chat', () => {
    const request = anthropicRequest({ temperature: 0.2, top_p: 0.9, thinking: { type: 'enabled', budget_tokens: 4000 } });
    const ctx = transformerContext({ model: 'deepseek-reasoner' });
    const reasoner = upstreamBody(deepseek, request, ctx);
    expect([reasoner.temperature, reasoner.top_p, reasoner.reasoning_effort]).toEqual([undefined, undefined, undefined]);
    expect(ctx.warnings).toContain('deepseek: temperature dropped, deepseek-reasoner refuses or ignores it');
    const chat = upstreamBody(deepseek, request, transformerContext({ model: 'deepseek-chat' }));
    expect([chat.temperature, chat.top_p, chat.reasoning_effort]).toEqual([0.2, 0.9, undefined]);
  });
});

describe('openrouter', () => {
  const marker = { type: 'ephemeral' as const };
  const cached = anthropicRequest({
    system: [{ type: 'text', text: 'You are Claude Code.', cache_control: marker }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'long context', cache_control: marker }] }],
    thinking: { type: 'enabled', budget_tokens: 12_000 },
  });

  test('turns thinking into reasoning.max_tokens and drops reasoning_effort', () => {
    const body = upstreamBody(openrouter, cached, transformerContext({ model: 'anthropic/claude-sonnet-4.5' }));
    expect(body.reasoning).toEqual({ max_tokens: 12_000 });
    expect(body.reasoning_effort).toBeUndefined();
  });

  test('adaptive thinking turns reasoning on and leaves the effort to the model, as the openai dialect does', () => {
    const body = upstreamBody(openrouter, anthropicRequest({ thinking: { type: 'adaptive' } }), transformerContext({ model: 'x/y' }));
    expect(body.reasoning).toEqual({ enabled: true });
  });

  test('keeps cache_control breakpoints for Anthropic models', () => {
    const body = upstreamBody(openrouter, cached, transformerContext({ model: 'anthropic/claude-sonnet-4.5' }));
    const [system, user] = body.messages as Array<{ content: unknown }>;
    expect(system.content).toEqual([{ type: 'text', text: 'You are Claude Code.', cache_control: marker }]);
    expect(user.content).toEqual([{ type: 'text', text: 'long context', cache_control: marker }]);
  });

  test('a repeated user text gets one breakpoint, on its marked occurrence', () => {
    const turns: MessagesRequest['messages'] = [];
    for (let i = 0; i < 5; i++) {
      turns.push({ role: 'user', content: [{ type: 'text', text: 'continue' }] }, { role: 'assistant', content: `step ${i}` });
    }
    turns.push({ role: 'user', content: [{ type: 'text', text: 'continue', cache_control: marker }] });
    const body = upstreamBody(openrouter, anthropicRequest({ messages: turns }), transformerContext({ model: 'anthropic/claude-sonnet-4.5' }));
    const marked = (body.messages as Array<{ content: unknown }>).filter((message) => JSON.stringify(message.content).includes('cache_control'));
    expect(marked).toHaveLength(1);
    expect((body.messages as unknown[]).at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: 'continue', cache_control: marker }] });
  });

  test('identical tool results get one breakpoint', () => {
    const call = (id: string): MessagesRequest['messages'][number] => ({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'make' } }] });
    const result = (id: string, cached: boolean): MessagesRequest['messages'][number] => ({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: [{ type: 'text', text: 'ok', ...(cached ? { cache_control: marker } : {}) }] }],
    });
    const messages = [{ role: 'user' as const, content: 'build' }, call('t1'), result('t1', false), call('t2'), result('t2', false), call('t3'), result('t3', true)];
    const body = upstreamBody(openrouter, anthropicRequest({ messages }), transformerContext({ model: 'anthropic/claude-sonnet-4.5' }));
    expect(JSON.stringify(body.messages).split('cache_control').length - 1).toBe(1);
  });

  test('leaves the messages of models that do not take cache_control as the dialect wrote them', () => {
    const converted = openaiDialect.convertRequest(cached, testContext({ model: 'deepseek/deepseek-chat' })) as unknown as Record<string, unknown>;
    const body = openrouter.create({}).upstreamBody!(converted, transformerContext({ model: 'deepseek/deepseek-chat', request: cached }));
    expect(body.messages).toBe(converted.messages);
    expect(JSON.stringify(body)).not.toContain('cache_control');
  });

  test('passes provider routing through and names the app', () => {
    const hooks = openrouter.create({ provider: { order: ['DeepInfra'], allow_fallbacks: false }, title: 'my-app' });
    const body = hooks.upstreamBody!({ messages: [] }, transformerContext({ request: anthropicRequest() }));
    expect(body.provider).toEqual({ order: ['DeepInfra'], allow_fallbacks: false });
    const headers = hooks.upstreamHeaders!({ authorization: 'Bearer k' }, transformerContext());
    expect(headers).toEqual({ 'HTTP-Referer': 'http://localhost:3456', 'X-Title': 'my-app', authorization: 'Bearer k' });
  });
});

describe('openai', () => {
  test('reasoning models get max_completion_tokens and no sampling parameters', () => {
    const body = upstreamBody(openai, anthropicRequest({ temperature: 0.5, thinking: { type: 'enabled', budget_tokens: 2000 } }), transformerContext({ model: 'o3-mini' }));
    expect(body.max_completion_tokens).toBe(32_000);
    expect(body.max_tokens).toBeUndefined();
    expect(body.temperature).toBeUndefined();
    expect(body.reasoning_effort).toBe('low');
    expect(upstreamBody(openai, anthropicRequest(), transformerContext({ model: 'gpt-5-mini' })).max_completion_tokens).toBe(32_000);
  });

  test('chat models keep max_tokens and temperature, and lose reasoning_effort and reasoning_content', () => {
    const body = upstreamBody(openai, anthropicRequest({ temperature: 0.5, messages: toolTurns, thinking: { type: 'enabled', budget_tokens: 2000 } }), transformerContext({ model: 'gpt-4.1' }));
    expect([body.max_tokens, body.temperature, body.reasoning_effort]).toEqual([32_000, 0.5, undefined]);
    expect(JSON.stringify(body)).not.toContain('reasoning_content');
  });

  test('other models behind the marker keep their reasoning_effort', () => {
    const body = upstreamBody(openai, anthropicRequest({ thinking: { type: 'enabled', budget_tokens: 2000 } }), transformerContext({ model: 'qwen3-32b' }));
    expect(body.reasoning_effort).toBe('low');
  });

  test('option reasoning_model overrides what the model name says', () => {
    const request = anthropicRequest({ temperature: 0.5 });
    const forcedOn = upstreamBody(openai, request, transformerContext({ model: 'my-deployment' }), { reasoning_model: true });
    expect([forcedOn.max_completion_tokens, forcedOn.max_tokens, forcedOn.temperature]).toEqual([32_000, undefined, undefined]);
    const forcedOff = upstreamBody(openai, request, transformerContext({ model: 'o3-mini' }), { reasoning_model: false });
    expect([forcedOff.max_tokens, forcedOff.max_completion_tokens, forcedOff.temperature]).toEqual([32_000, undefined, 0.5]);
  });

  test('option reasoning_model must be a boolean', () => {
    expect(() => openai.create({ reasoning_model: 'yes' })).toThrow('transformer "openai": option "reasoning_model" must be true or false');
  });
});

describe('groq', () => {
  test('removes the fields Groq refuses', () => {
    const ctx = transformerContext();
    const body = groq.create({}).upstreamBody!({ logprobs: true, top_logprobs: 2, logit_bias: {}, n: 2, messages: [{ role: 'user', content: 'x', name: 'ana' }] }, ctx);
    expect(body).toEqual({ messages: [{ role: 'user', content: 'x' }] });
    expect(ctx.warnings).toHaveLength(4);
    expect(groq.create({}).upstreamBody!({ n: 1 }, ctx)).toEqual({ n: 1 });
  });
});

describe('cerebras', () => {
  test('removes refused fields and renames max_tokens', () => {
    const body = cerebras.create({}).upstreamBody!({ max_tokens: 10, presence_penalty: 1, parallel_tool_calls: true, messages: [] }, transformerContext());
    expect(body).toEqual({ max_completion_tokens: 10, messages: [] });
  });
});

describe('ollama', () => {
  test('names the openai dialect, which asks for usage in streams', () => {
    expect(ollama.create({})).toEqual({ dialect: 'openai' });
    expect(upstreamBody(ollama, anthropicRequest({ stream: true }), transformerContext({ model: 'qwen3-coder:30b' })).stream_options).toEqual({ include_usage: true });
  });
});

describe('siliconflow', () => {
  test('sends enable_thinking with a budget capped at 32768', () => {
    const body = upstreamBody(siliconflow, anthropicRequest({ thinking: { type: 'enabled', budget_tokens: 50_000 } }), transformerContext({ model: 'Qwen/Qwen3-8B' }));
    expect([body.enable_thinking, body.thinking_budget, body.reasoning_effort]).toEqual([true, 32_768, undefined]);
    expect(upstreamBody(siliconflow, anthropicRequest(), transformerContext()).enable_thinking).toBe(false);
  });
});

describe('volcengine', () => {
  test('sends thinking.type', () => {
    const body = upstreamBody(volcengine, anthropicRequest({ thinking: { type: 'enabled', budget_tokens: 5000 } }), transformerContext());
    expect([body.thinking, body.reasoning_effort]).toEqual([{ type: 'enabled' }, undefined]);
  });
});
