import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import type { Config, RouterConfig } from '../config/schema';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { ApiError } from '../http/errors';
import { countRequestTokens } from '../tokens/count';
import { loadCustomRouter } from './custom';
import { createRouter } from './route';
import type { RouteContext, RouteDecision, RouterInput, RouteTarget } from './types';

const fixtures = join(import.meta.dir, '../../test/fixtures/router');
const tag = (target: string) => `<CCR-SUBAGENT-MODEL>${target}</CCR-SUBAGENT-MODEL>`;
const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } } as const;

const providers = [
  { name: 'DeepSeek', models: ['deepseek-chat', 'deepseek-reasoner'] },
  { name: 'OpenRouter', models: ['anthropic/claude-sonnet-4', 'google/gemini-2.5-pro'] },
  { name: 'groq', models: ['llama-3.3-70b'] },
  { name: 'gemini', models: ['gemini-2.5-flash', 'gemini-2.5-pro'] },
];

const everyCategory: RouterConfig = {
  default: 'deepseek,deepseek-chat',
  background: 'groq,llama-3.3-70b',
  think: 'deepseek,deepseek-reasoner',
  longContext: 'gemini,gemini-2.5-pro',
  longContextThreshold: 5000,
  webSearch: 'openrouter,google/gemini-2.5-pro:online',
  image: 'gemini,gemini-2.5-flash',
};

const request = (overrides: Partial<MessagesRequest> = {}): MessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hello' }],
  ...overrides,
});
const longText = 'The quick brown fox jumps over the lazy dog. '.repeat(600); // ~6,000 tokens, above the 5,000 threshold
const webSearch = { type: 'web_search_20250305', name: 'web_search' };
const enabled = { type: 'enabled', budget_tokens: 4096 } as const;

/** Async so that a synchronous routing failure is a rejection here, like a custom router's. */
async function decide(body: MessagesRequest, router: RouterConfig = everyCategory, extra: Partial<RouterInput> = {}, context: Partial<RouteContext> = {}): Promise<RouteDecision> {
  return createRouter({ router, providers, ...extra }).route(body, { headers: {}, ...context });
}
const names = (targets: readonly RouteTarget[]) => targets.map(({ provider, model }) => `${provider},${model}`);
const primary = (decision: RouteDecision) => `${decision.targets[0].provider},${decision.targets[0].model}`;

describe('each step', () => {
  test('1. explicit "provider,model" (first comma only, suffix kept, configured spelling)', async () => {
    const decision = await decide(request({ model: 'openrouter,anthropic/claude-sonnet-4:online' }));
    expect(decision.category).toBe('explicit');
    expect(decision.targets).toEqual([{ provider: 'OpenRouter', model: 'anthropic/claude-sonnet-4:online' }]);
  });

  test('1. explicit with an unknown provider is a 400 naming the configured providers', async () => {
    const failure = decide(request({ model: 'nowhere,some-model' }));
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    await expect(failure).rejects.toThrow('DeepSeek, OpenRouter, groq, gemini');
  });

  test('1. explicit, routed again and again by one router: the same targets each time, an unknown provider refused each time', async () => {
    const router = createRouter({ router: everyCategory, providers, fallback: { explicit: ['deepseek,deepseek-chat'] } });
    const route = (model: string) => router.route(request({ model }), { headers: {} }) as RouteDecision;
    const first = route('groq,llama-3.3-70b');
    for (let i = 0; i < 3; i++) expect(names(route('groq,llama-3.3-70b').targets)).toEqual(names(first.targets));
    expect(names(first.targets)).toEqual(['groq,llama-3.3-70b', 'DeepSeek,deepseek-chat']);
    // Each request keeps its own (tag-stripped) body even when the targets are remembered.
    const tagged = router.route(request({ model: 'groq,llama-3.3-70b', system: 'be brief <CCR-SUBAGENT-MODEL>gemini,x</CCR-SUBAGENT-MODEL>' }), { headers: {} }) as RouteDecision;
    expect(tagged.request.system).toBe('be brief ');
    for (let i = 0; i < 2; i++) expect(() => route('nowhere,some-model')).toThrow(ApiError);
    // More distinct models than the memo keeps: each still routes to its own target.
    for (let i = 0; i < 300; i++) expect(route(`groq,model-${i}`).targets[0].model).toBe(`model-${i}`);
    expect(route('groq,model-0').targets[0].model).toBe('model-0');
  });

  test('1. explicit with an empty model part is a 400', async () => {
    await expect(decide(request({ model: 'deepseek,' }))).rejects.toMatchObject({ status: 400 });
  });

  test('2. custom router', async () => {
    const customRouter = await loadCustomRouter('custom-router.mjs', fixtures);
    const decision = await decide(request({ messages: [{ role: 'user', content: 'a deep dive please' }] }), everyCategory, { customRouter });
    expect(decision.category).toBe('custom');
    expect(primary(decision)).toBe('DeepSeek,deepseek-reasoner');
  });

  test('2. custom router gets the config and the token count', async () => {
    const customRouter = await loadCustomRouter('custom-router.mjs', fixtures);
    const decision = await decide(request(), everyCategory, { customRouter }, { config: { forceCustom: true } });
    expect(primary(decision)).toBe(`OpenRouter,tokens-${decision.tokenCount}`);
  });

  test('3. rule, named or by index', async () => {
    const rules: RouterConfig['rules'] = [
      { name: 'opus', when: { modelContains: 'opus' }, route: 'openrouter,anthropic/claude-sonnet-4' },
      { when: { modelPrefix: 'gpt-' }, route: 'groq,llama-3.3-70b' },
    ];
    const named = await decide(request({ model: 'claude-opus-4-1' }), { ...everyCategory, rules });
    expect(named).toMatchObject({ category: 'rule', rule: 'opus' });
    expect(primary(named)).toBe('OpenRouter,anthropic/claude-sonnet-4');
    const indexed = await decide(request({ model: 'gpt-4o' }), { ...everyCategory, rules });
    expect(indexed).toMatchObject({ category: 'rule', rule: 'rules[1]' });
  });

  test('4. subagent tag in the system prompt', async () => {
    const decision = await decide(request({ system: [{ type: 'text', text: `You review code. ${tag('groq,llama-3.3-70b')}` }] }));
    expect(decision.category).toBe('subagent');
    expect(primary(decision)).toBe('groq,llama-3.3-70b');
  });

  test('5. longContext by token count', async () => {
    const decision = await decide(request({ messages: [{ role: 'user', content: longText }] }));
    expect(decision.category).toBe('longContext');
    expect(decision.tokenCount).toBeGreaterThan(5000);
    expect(primary(decision)).toBe('gemini,gemini-2.5-pro');
  });

  test('5. longContext by the session last input tokens', async () => {
    const lastInputTokens = (sessionId: string) => (sessionId === 's-42' ? 5001 : undefined);
    expect((await decide(request(), everyCategory, {}, { sessionId: 's-42', lastInputTokens })).category).toBe('longContext');
    expect((await decide(request(), everyCategory, {}, { lastInputTokens })).category).toBe('default');
  });

  test('5. longContext needs more than the threshold: exactly at it is not long, by count or by session', async () => {
    const body = request({ messages: [{ role: 'user', content: longText }] });
    const tokens = countRequestTokens(body);
    expect((await decide(body, { ...everyCategory, longContextThreshold: tokens })).category).toBe('default');
    expect((await decide(body, { ...everyCategory, longContextThreshold: tokens - 1 })).category).toBe('longContext');
    const lastInputTokens = (sessionId: string) => (sessionId === 'at' ? 5000 : 5001);
    expect((await decide(request(), everyCategory, {}, { sessionId: 'at', lastInputTokens })).category).toBe('default');
    expect((await decide(request(), everyCategory, {}, { sessionId: 'over', lastInputTokens })).category).toBe('longContext');
  });

  test('5. longContextThreshold defaults to 60,000', async () => {
    const { longContextThreshold: _, ...withoutThreshold } = everyCategory;
    expect((await decide(request({ messages: [{ role: 'user', content: longText }] }), withoutThreshold)).category).toBe('default');
    expect((await decide(request(), withoutThreshold, {}, { lastInputTokens: () => 60_001, sessionId: 's' })).category).toBe('longContext');
  });

  test('6. background: haiku-class models', async () => {
    for (const model of ['claude-3-5-haiku-20241022', 'claude-haiku-4-5-20251001']) {
      expect((await decide(request({ model }))).category).toBe('background');
    }
  });

  test('7. webSearch', async () => {
    const decision = await decide(request({ tools: [webSearch] }));
    expect(decision.category).toBe('webSearch');
    expect(primary(decision)).toBe('OpenRouter,google/gemini-2.5-pro:online');
  });

  test('8. think', async () => {
    expect((await decide(request({ thinking: enabled }))).category).toBe('think');
  });

  test('8. adaptive thinking (sent by Claude Code on every turn) does not route to think', async () => {
    expect((await decide(request({ thinking: { type: 'adaptive' } }))).category).toBe('default');
  });

  test('9. image in the last user message, also inside a tool_result', async () => {
    expect((await decide(request({ messages: [{ role: 'user', content: [image] }] }))).category).toBe('image');
    const inResult = request({ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [image] }] }] });
    expect((await decide(inResult)).category).toBe('image');
  });

  test('10. default', async () => {
    const decision = await decide(request());
    expect(decision).toMatchObject({ category: 'default', targets: [{ provider: 'DeepSeek', model: 'deepseek-chat' }] });
    expect(decision.rule).toBeUndefined();
  });

  test('10. no default configured is a 400 saying what to set', async () => {
    await expect(decide(request(), {})).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Router.default') });
  });
});

describe('precedence', () => {
  const rules: RouterConfig['rules'] = [{ name: 'sonnet', when: { modelContains: 'sonnet' }, route: 'openrouter,anthropic/claude-sonnet-4' }];

  test('explicit beats the custom router and rules', async () => {
    const customRouter = () => 'groq,llama-3.3-70b';
    const decision = await decide(request({ model: 'deepseek,deepseek-reasoner' }), { ...everyCategory, rules }, { customRouter });
    expect(decision.category).toBe('explicit');
  });

  test('the custom router beats rules', async () => {
    const decision = await decide(request(), { ...everyCategory, rules }, { customRouter: () => 'groq,llama-3.3-70b' });
    expect(decision.category).toBe('custom');
  });

  test('rules beat the subagent tag (which is still removed)', async () => {
    const decision = await decide(request({ system: tag('groq,llama-3.3-70b') }), { ...everyCategory, rules });
    expect(decision).toMatchObject({ category: 'rule', rule: 'sonnet' });
    expect(JSON.stringify(decision.request)).not.toContain('CCR-SUBAGENT-MODEL');
  });

  test('subagent beats longContext', async () => {
    const decision = await decide(request({ system: tag('groq,llama-3.3-70b'), messages: [{ role: 'user', content: longText }] }));
    expect(decision.category).toBe('subagent');
  });

  test('longContext beats background', async () => {
    const decision = await decide(request({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: longText }] }));
    expect(decision.category).toBe('longContext');
  });

  test('background beats webSearch and think', async () => {
    const decision = await decide(request({ model: 'claude-haiku-4-5', tools: [webSearch], thinking: enabled }));
    expect(decision.category).toBe('background');
  });

  test('webSearch beats think', async () => {
    expect((await decide(request({ tools: [webSearch], thinking: enabled }))).category).toBe('webSearch');
  });

  test('think beats image', async () => {
    expect((await decide(request({ thinking: enabled, messages: [{ role: 'user', content: [image] }] }))).category).toBe('think');
  });
});

describe('fall-through', () => {
  test('a category that is not configured falls through to the next', async () => {
    const { think: _, webSearch: __, ...router } = everyCategory;
    expect((await decide(request({ tools: [webSearch], thinking: enabled, messages: [{ role: 'user', content: [image] }] }), router)).category).toBe('image');
    expect((await decide(request({ thinking: enabled }), { default: 'deepseek,deepseek-chat' })).category).toBe('default');
    expect((await decide(request({ model: 'claude-haiku-4-5' }), { default: 'deepseek,deepseek-chat' })).category).toBe('default');
  });

  test('a route whose providers are all unknown counts as not configured, with a warning at compile time', async () => {
    const warnings: string[] = [];
    const decision = await decide(request({ thinking: enabled }), { ...everyCategory, think: 'nowhere,x' }, { log: (message) => warnings.push(message) });
    expect(decision.category).toBe('default');
    expect(warnings).toHaveLength(1);
  });

  test('an empty route "" (claude-code-router\'s UI for unset) is not configured, and not warned about', async () => {
    const warnings: string[] = [];
    const router = { ...everyCategory, think: '', image: '', rules: [{ name: 'unset', when: {}, route: '' }] };
    const decision = await decide(request({ thinking: enabled }), router, { log: (message) => warnings.push(message) });
    expect(decision.category).toBe('default');
    expect(warnings).toEqual([]);
  });

  test('a failing custom router is logged and the built-in steps decide', async () => {
    const logs: string[] = [];
    const customRouter = await loadCustomRouter('throwing-router.mjs', fixtures);
    const decision = await decide(request({ thinking: enabled }), everyCategory, { customRouter }, { log: (message) => logs.push(message) });
    expect(decision.category).toBe('think');
    expect(logs).toEqual(['custom router threw; routing without it']);
  });

  test('a slow custom router is cut off and the built-in steps decide', async () => {
    const logs: string[] = [];
    const customRouter = await loadCustomRouter('slow-router.mjs', fixtures);
    const decision = await decide(request(), everyCategory, { customRouter }, { customRouterTimeoutMs: 20, log: (message) => logs.push(message) });
    expect(decision.category).toBe('default');
    expect(logs).toEqual(['custom router timed out; routing without it']);
  });

  test('a custom router returning garbage is ignored', async () => {
    for (const garbage of ['unknown-provider', 'number', 'object', 'no-comma']) {
      const logs: Array<{ message: string; fields?: object }> = [];
      const customRouter = await loadCustomRouter('garbage-router.mjs', fixtures);
      const decision = await decide(request(), everyCategory, { customRouter }, { headers: { 'x-garbage': garbage }, log: (message, fields) => logs.push({ message, fields }) });
      expect(decision.category).toBe('default');
      expect(logs).toEqual([{ message: 'custom router returned no known "provider,model"; routing without it', fields: { returned: expect.any(String) } }]);
    }
  });

  test('a subagent tag naming an unknown provider is logged, removed, and routing goes on', async () => {
    const logs: string[] = [];
    const decision = await decide(request({ system: `${tag('nowhere,x')}Agent.` }), everyCategory, {}, { log: (message) => logs.push(message) });
    expect(decision.category).toBe('default');
    expect(decision.request.system).toBe('Agent.');
    expect(logs).toHaveLength(1);
  });

  test('a rule whose route names no configured provider is skipped', async () => {
    const rules: RouterConfig['rules'] = [
      { name: 'broken', when: {}, route: 'nowhere,x' },
      { name: 'works', when: {}, route: 'groq,llama-3.3-70b' },
    ];
    expect(await decide(request(), { ...everyCategory, rules })).toMatchObject({ category: 'rule', rule: 'works' });
  });
});

describe('the returned request', () => {
  test('has the subagent tag removed; the input is not mutated', async () => {
    const body = request({
      system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: `${tag('groq,llama-3.3-70b')}You are a test writer.` }],
      messages: [{ role: 'user', content: 'write tests' }],
    });
    const before = structuredClone(body);
    const decision = await decide(body);
    expect(decision.request).not.toBe(body);
    expect(decision.request.system).toEqual([{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'You are a test writer.' }]);
    expect(body).toEqual(before);
  });

  test('is the input itself when there is nothing to remove', async () => {
    const body = request();
    expect((await decide(body)).request).toBe(body);
  });

  test('the custom router sees the request as the client sent it', async () => {
    let seenSystem: unknown;
    const customRouter = (body: MessagesRequest) => {
      seenSystem = body.system;
      return null;
    };
    await decide(request({ system: tag('groq,llama-3.3-70b') }), everyCategory, { customRouter });
    expect(seenSystem).toBe(tag('groq,llama-3.3-70b'));
  });
});

describe('targets and fallbacks', () => {
  test('top-level fallback for the category follows the route', async () => {
    const fallback = { default: ['openrouter,anthropic/claude-sonnet-4', 'deepseek,deepseek-chat', 'nowhere,x'], think: ['groq,llama-3.3-70b'] };
    const decision = await decide(request(), everyCategory, { fallback });
    expect(decision.targets).toEqual([
      { provider: 'DeepSeek', model: 'deepseek-chat' },
      { provider: 'OpenRouter', model: 'anthropic/claude-sonnet-4' },
    ]);
  });

  test('top-level fallback.rule and fallback.custom follow a rule and a custom router choice', async () => {
    const rules: RouterConfig['rules'] = [{ name: 'opus', when: { modelContains: 'opus' }, route: 'groq,llama-3.3-70b' }];
    const fallback = { rule: ['deepseek,deepseek-chat'], custom: ['gemini,gemini-2.5-flash'], default: ['openrouter,anthropic/claude-sonnet-4'] };
    const ruled = await decide(request({ model: 'claude-opus-4-1' }), { ...everyCategory, rules }, { fallback });
    expect(names(ruled.targets)).toEqual(['groq,llama-3.3-70b', 'DeepSeek,deepseek-chat']);
    const custom = await decide(request(), everyCategory, { fallback, customRouter: () => 'groq,llama-3.3-70b' });
    expect(names(custom.targets)).toEqual(['groq,llama-3.3-70b', 'gemini,gemini-2.5-flash']);
  });

  test('a rule route with its own fallback: the route, its fallback, then fallback.rule', async () => {
    const rules: RouterConfig['rules'] = [
      { name: 'tools', when: { hasTools: true }, route: { providers: [{ provider: 'groq', model: 'llama-3.3-70b' }], fallback: ['gemini,gemini-2.5-pro'] } },
    ];
    const decision = await decide(request({ tools: [{ name: 'Bash', input_schema: { type: 'object' } }] }), { ...everyCategory, rules }, { fallback: { rule: ['deepseek,deepseek-chat'] } });
    expect(decision).toMatchObject({ category: 'rule', rule: 'tools' });
    expect(names(decision.targets)).toEqual(['groq,llama-3.3-70b', 'gemini,gemini-2.5-pro', 'DeepSeek,deepseek-chat']);
  });

  test('health_based reads context.isHealthy: an unhealthy provider goes last', async () => {
    const router: RouterConfig = {
      default: {
        providers: [
          { provider: 'deepseek', model: 'deepseek-chat', weight: 9 },
          { provider: 'groq', model: 'llama-3.3-70b', weight: 1 },
        ],
        loadBalancing: { strategy: 'health_based' },
        fallback: ['gemini,gemini-2.5-flash'],
      },
    };
    const decision = await decide(request(), router, {}, { isHealthy: (provider) => provider !== 'DeepSeek', random: () => 0 });
    expect(names(decision.targets)).toEqual(['groq,llama-3.3-70b', 'gemini,gemini-2.5-flash', 'DeepSeek,deepseek-chat']);
  });

  test('explicit targets get the "explicit" fallback', async () => {
    const decision = await decide(request({ model: 'groq,llama-3.3-70b' }), everyCategory, { fallback: { explicit: ['deepseek,deepseek-chat'] } });
    expect(decision.targets.map((target) => target.provider)).toEqual(['groq', 'DeepSeek']);
  });

  test('round-robin counters live in the caller state and advance per request', async () => {
    const router = createRouter({
      providers,
      router: {
        default: {
          providers: [
            { provider: 'deepseek', model: 'deepseek-chat' },
            { provider: 'groq', model: 'llama-3.3-70b' },
          ],
          loadBalancing: { strategy: 'round_robin' },
        },
      },
    });
    const roundRobin = new Map<string, number>();
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(primary(await router.route(request(), { headers: {}, roundRobin })));
    expect(seen).toEqual(['DeepSeek,deepseek-chat', 'groq,llama-3.3-70b', 'DeepSeek,deepseek-chat', 'groq,llama-3.3-70b']);
  });
});

describe('a config loaded from disk', () => {
  async function fromDisk() {
    const config = (await Bun.file(join(fixtures, 'rules.json')).json()) as Config;
    return createRouter({
      router: config.Router ?? {},
      fallback: config.fallback,
      providers: (config.Providers ?? []).map((provider) => ({ name: provider.name, models: provider.models ?? [] })),
    });
  }

  test('routes by its rules in order', async () => {
    const router = await fromDisk();
    const opus = await router.route(request({ model: 'claude-opus-4-1' }), { headers: { 'x-tenant': 'b' } });
    expect(opus).toMatchObject({ category: 'rule', rule: 'opus-to-gemini' });
    expect(opus.targets).toEqual([
      { provider: 'OpenRouter', model: 'google/gemini-2.5-pro' },
      { provider: 'OpenRouter', model: 'anthropic/claude-sonnet-4' },
    ]);

    const tenant = await router.route(request(), { headers: { 'x-tenant': 'b' } });
    expect(tenant).toMatchObject({ category: 'rule', rule: 'tenant-b' });
    expect(tenant.targets.map((target) => target.provider)).toEqual(['Groq', 'DeepSeek', 'OpenRouter']);

    const regex = await router.route(request({ model: 'Claude-3-7-sonnet' }), { headers: {} });
    expect(regex).toMatchObject({ category: 'rule', rule: 'rules[2]' });
  });

  test('falls back to the categories when no rule matches', async () => {
    const router = await fromDisk();
    expect((await router.route(request({ model: 'claude-haiku-4-5' }), { headers: {} })).category).toBe('background');
    expect((await router.route(request(), { headers: {} })).category).toBe('default');
  });
});

describe('token counting is paid only when a step needs it', () => {
  const input = (router: RouterConfig): RouterInput => ({ router, providers });
  test('explicit targets and a default-only config never count', async () => {
    const router = createRouter(input({ default: 'deepseek,deepseek-chat' }));
    expect((await router.route(request(), { headers: {} })).tokenCount).toBeUndefined();
    expect((await router.route(request({ model: 'groq,llama-3.3-70b' }), { headers: {} })).tokenCount).toBeUndefined();
  });
  test('a configured longContext route counts', async () => {
    const decision = await createRouter(input(everyCategory)).route(request(), { headers: {} });
    expect(decision.category).toBe('default');
    expect(decision.tokenCount).toBeGreaterThan(0);
  });
  test("a session already past the threshold goes to longContext without counting", async () => {
    const decision = await createRouter(input(everyCategory)).route(request(), { headers: {}, sessionId: 's', lastInputTokens: () => 90_000 });
    expect(decision.category).toBe('longContext');
    expect(decision.tokenCount).toBeUndefined();
  });
});

test('routing without a custom router answers at once, not with a promise; with one, it waits for it', async () => {
  const builtIn = createRouter({ router: everyCategory, providers }).route(request(), { headers: {} });
  expect(builtIn).not.toBeInstanceOf(Promise);
  expect((builtIn as RouteDecision).category).toBe('default');
  const custom = createRouter({ router: everyCategory, providers, customRouter: () => 'groq,llama-3.3-70b' }).route(request(), { headers: {} });
  expect(custom).toBeInstanceOf(Promise);
  expect((await custom).category).toBe('custom');
});
