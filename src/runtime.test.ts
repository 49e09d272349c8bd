import { describe, expect, test } from 'bun:test';
import { loadConfigValue } from './config/load';
import { buildRuntime } from './runtime';

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
