import { describe, expect, test } from 'bun:test';
import { loadConfigValue } from './config/load';
import { buildRuntime } from './runtime';
import { createLiveState, onRuntimeChange } from './state/live';
import { buildTestApp, post } from '../test/support/ccr-app';
import { startFakeUpstream } from '../test/support/fake-upstream';

describe('model plans', () => {
  test('models without a chain of their own share one plan; a model with one gets its own', async () => {
    const runtime = await buildRuntime(
      loadConfigValue(
        {
          Providers: [
            {
              name: 'p',
              api_base_url: 'http://127.0.0.1:1/v1/chat/completions',
              api_key: 'k',
              transformer: { use: ['openrouter'], special: { use: [['maxtoken', { max_tokens: 10 }]] } },
            },
          ],
          Router: { default: 'p,m' },
        },
        { path: undefined, baseDir: '/', env: {} },
      ),
    );
    const provider = runtime.providers.get('p')!;
    expect(provider.plan('any-model-a')).toBe(provider.plan('any-model-b'));
    expect(provider.plan('constructor')).toBe(provider.plan('any-model-a'));
    expect(provider.plan('special').chain.names).toEqual(['openrouter', 'maxtoken']);
    expect(provider.plan('any-model-a').chain.names).toEqual(['openrouter']);
  });
});

describe('provider names', () => {
  test('a provider named with surrounding spaces ("p ") is found by its routes and by dispatch', async () => {
    const upstream = startFakeUpstream(() => ({ json: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } } }));
    try {
      const ccr = await buildTestApp({
        Providers: [{ name: 'p ', api_base_url: `${upstream.url}/v1/messages`, api_key: 'k' }],
        Router: { default: 'p,m' },
      });
      const response = await ccr.handle(post('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
      expect(response.status).toBe(200);
      expect(upstream.requests).toHaveLength(1);
    } finally {
      upstream.stop();
    }
  });
});

describe('key pools', () => {
  const runtimeOf = (providers: unknown[]) => buildRuntime(loadConfigValue({ Providers: providers, Router: { default: 'kiro,m' } }, { path: undefined, baseDir: '/', env: {} }));

  test('two fixed Kiro tokens are two entries of the pool, with ids of their own', async () => {
    const runtime = await runtimeOf([
      { name: 'kiro', api_base_url: 'https://q.us-east-1.amazonaws.com/generateAssistantResponse', models: ['m'], transformer: { use: ['kiro'] }, authentication: { type: 'bearer', credentials: [{ token: 'a' }, { token: 'b' }] } },
    ]);
    const { pool, credentials } = runtime.providers.get('kiro')!;
    expect(pool.map((key) => [key.kind, key.label])).toEqual([['bearer', 'token'], ['bearer', 'token']]);
    expect(new Set(pool.map((key) => key.id)).size).toBe(2);
    expect(credentials?.get(pool[0].id)).not.toBe(credentials?.get(pool[1].id));
  });

  test("a reload keeps what was learnt of every entry of a pool: API keys, bearer credentials, a keyless provider's stand-in", async () => {
    const providers = [
      { name: 'kiro', api_base_url: 'https://q.us-east-1.amazonaws.com/generateAssistantResponse', models: ['m'], transformer: { use: ['kiro'] }, authentication: { type: 'bearer', credentials: { token: 'a' } } },
      { name: 'local', api_base_url: 'http://127.0.0.1:11434/v1/chat/completions', models: ['m'] },
      { name: 'paid', api_base_url: 'https://api.example.com/v1/chat/completions', api_key: 'sk-1', models: ['m'] },
    ];
    const before = await runtimeOf(providers);
    const live = createLiveState(() => 0);
    onRuntimeChange(live, before);
    const ids = [...before.providers.values()].map((provider) => provider.pool[0].id);
    for (const id of ids) live.keys.report({ ...[...before.providers.values()].find((p) => p.pool[0].id === id)!.pool[0] }, { kind: 'failed', status: 500, message: 'boom' });
    onRuntimeChange(live, await runtimeOf(providers));
    expect(ids.map((id) => live.keys.view(id).failures)).toEqual([1, 1, 1]);
    expect(before.providers.get('local')!.pool[0].kind).toBe('none');
  });
});
