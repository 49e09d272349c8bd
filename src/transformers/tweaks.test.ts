import { describe, expect, test } from 'bun:test';
import { openaiDialect } from '../dialects/openai';
import { testContext } from '../../test/support/convert-stream';
import { cleancache } from './cleancache';
import { customparams } from './customparams';
import { maxtoken } from './maxtoken';
import { reasoning } from './reasoning';
import { sampling } from './sampling';
import { streamoptions } from './streamoptions';
import { anthropicRequest, transformerContext } from './test-context';

const ctx = () => transformerContext();

describe('maxtoken', () => {
  test('caps max_tokens above the limit and leaves smaller ones', () => {
    const hooks = maxtoken.create({ max_tokens: 8192 });
    expect(hooks.request!(anthropicRequest({ max_tokens: 32_000 }), ctx()).max_tokens).toBe(8192);
    expect(hooks.request!(anthropicRequest({ max_tokens: 100 }), ctx()).max_tokens).toBe(100);
  });
  test('refuses a missing or non-numeric option', () => {
    expect(() => maxtoken.create({})).toThrow(/max_tokens/);
    expect(() => maxtoken.create({ max_tokens: '8k' })).toThrow(/max_tokens/);
  });
});

describe('sampling', () => {
  test('overrides only the values given', () => {
    const hooks = sampling.create({ temperature: 0.6, top_k: 20 });
    const out = hooks.request!(anthropicRequest({ temperature: 1, top_p: 0.9 }), ctx());
    expect([out.temperature, out.top_p, out.top_k]).toEqual([0.6, 0.9, 20]);
  });
  test('no options, no hook', () => {
    expect(sampling.create({})).toEqual({});
  });
});

describe('customparams', () => {
  test('merges fields deeply and removes null ones', () => {
    const hooks = customparams.create({ top_k: 20, chat_template_kwargs: { enable_thinking: false }, user: null });
    const body = { model: 'm', user: 'u', chat_template_kwargs: { other: 1 } };
    expect(hooks.upstreamBody!(body, ctx())).toEqual({ model: 'm', top_k: 20, chat_template_kwargs: { other: 1, enable_thinking: false } });
    expect(body.user).toBe('u');
  });
});

describe('cleancache', () => {
  test('removes cache_control from system, messages, tool results and tools', () => {
    const marker = { type: 'ephemeral' as const };
    const request = anthropicRequest({
      system: [{ type: 'text', text: 'sys', cache_control: marker }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a', cache_control: marker },
            { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'r', cache_control: marker }], cache_control: marker },
          ],
        },
      ],
      tools: [{ name: 'x', input_schema: { type: 'object' }, cache_control: marker }],
    });
    const cleaned = cleancache.create({}).request!(request, ctx());
    expect(JSON.stringify(cleaned)).not.toContain('cache_control');
    expect(JSON.stringify(request)).toContain('cache_control');
    expect(cleaned.messages[0].content).toHaveLength(2);
  });
  test('adds no system field when there was none', () => {
    const cleaned = cleancache.create({}).request!(anthropicRequest(), ctx());
    expect('system' in cleaned).toBe(false);
  });
});

describe('streamoptions', () => {
  /** The body the upstream receives: the openai dialect, then the transformer, as dispatch runs them. */
  const streamedBody = (options: Record<string, unknown>, stream: boolean) => {
    const request = anthropicRequest({ stream });
    const converted = openaiDialect.convertRequest(request, testContext()) as unknown as Record<string, unknown>;
    const hooks = streamoptions.create(options);
    return hooks.upstreamBody ? hooks.upstreamBody(converted, transformerContext({ request })) : converted;
  };

  test('by default leaves the usage the openai dialect asks for in streams', () => {
    expect(streamoptions.create({})).toEqual({});
    expect(streamedBody({}, true).stream_options).toEqual({ include_usage: true });
  });

  test('include_usage false removes stream_options from streamed requests', () => {
    const body = streamedBody({ include_usage: false }, true);
    expect(body.stream).toBe(true);
    expect('stream_options' in body).toBe(false);
    expect('stream_options' in streamedBody({ include_usage: false }, false)).toBe(false);
  });
});

describe('reasoning', () => {
  const thinkingCtx = (budget: number) => transformerContext({ request: anthropicRequest({ thinking: { type: 'enabled', budget_tokens: budget } }) });

  test('reasoning_effort style keeps the effort when thinking is on and drops it when off', () => {
    const hooks = reasoning.create({});
    expect(hooks.upstreamBody!({ reasoning_effort: 'low' }, thinkingCtx(20_000))).toEqual({ reasoning_effort: 'high' });
    expect(hooks.upstreamBody!({ reasoning_effort: 'low' }, transformerContext({ request: anthropicRequest() }))).toEqual({});
  });

  test('enable_thinking style sends the switch and the budget, capped', () => {
    const hooks = reasoning.create({ style: 'enable_thinking', max_budget: 8000 });
    expect(hooks.upstreamBody!({ reasoning_effort: 'medium' }, thinkingCtx(10_000))).toEqual({ enable_thinking: true, thinking_budget: 8000 });
    expect(hooks.upstreamBody!({}, transformerContext({ request: anthropicRequest() }))).toEqual({ enable_thinking: false });
  });

  test('thinking style sends thinking.type', () => {
    const hooks = reasoning.create({ style: 'thinking' });
    expect(hooks.upstreamBody!({ reasoning_effort: 'medium' }, thinkingCtx(4000))).toEqual({ thinking: { type: 'enabled' } });
    expect(hooks.upstreamBody!({}, transformerContext({ request: anthropicRequest({ thinking: { type: 'disabled' } }) }))).toEqual({ thinking: { type: 'disabled' } });
  });

  test('adaptive thinking is on with no effort or budget: the provider decides, as the openai dialect writes nothing', () => {
    const adaptive = transformerContext({ request: anthropicRequest({ thinking: { type: 'adaptive' } }) });
    expect(reasoning.create({}).upstreamBody!({}, adaptive)).toEqual({});
    expect(reasoning.create({ style: 'enable_thinking' }).upstreamBody!({}, adaptive)).toEqual({ enable_thinking: true });
    expect(reasoning.create({ style: 'thinking' }).upstreamBody!({}, adaptive)).toEqual({ thinking: { type: 'enabled' } });
    expect(reasoning.create({ style: 'reasoning' }).upstreamBody!({}, adaptive)).toEqual({ reasoning: { enabled: true } });
  });

  test('leaves non-OpenAI bodies alone, with a warning', () => {
    const context = transformerContext({ dialect: 'gemini' });
    expect(reasoning.create({}).upstreamBody!({ a: 1 }, context)).toEqual({ a: 1 });
    expect(context.warnings).toHaveLength(1);
  });

  test('refuses an unknown style', () => {
    expect(() => reasoning.create({ style: 'magic' })).toThrow(/style/);
  });
});
