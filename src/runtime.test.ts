import { describe, expect, test } from 'bun:test';
import { loadConfigValue } from './config/load';
import { buildRuntime } from './runtime';
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
