import { describe, expect, test } from 'bun:test';
import { isSecretKey, maskConfigSecrets, unmaskConfigSecrets } from './mask';

const stored = {
  APIKEY: 'router-secret-1234',
  Providers: [
    { name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: 'sk-deepseek-aaaa9f3k', models: ['deepseek-chat'] },
    { name: 'openrouter', api_base_url: 'https://openrouter.ai/api/v1/chat/completions', api_key: '$OPENROUTER_API_KEY' },
    { name: 'groq', api_base_url: 'https://api.groq.com/openai/v1/chat/completions', api_keys: ['gsk-one-11112222', 'gsk-two-33334444'] },
  ],
  Router: { default: 'deepseek,deepseek-chat', longContextThreshold: 60000 },
  plugins: { github_token: 'ghp_abcdefgh12345678', client: { secret: 'shh' } },
  transformers: [{ path: './t.mjs', options: { max_tokens: 8192 } }],
};

describe('maskConfigSecrets', () => {
  test('masks provider keys, APIKEY and anything under *key*, *token*, *secret*; leaves the rest', () => {
    const { value, paths } = maskConfigSecrets(stored);
    const masked = value as typeof stored;
    expect(masked.APIKEY).toBe('rout…1234');
    expect(masked.Providers[0].api_key).toBe('sk-d…9f3k');
    expect(masked.Providers[2].api_keys).toEqual(['gsk-…2222', 'gsk-…4444']);
    expect(masked.plugins).toEqual({ github_token: 'ghp_…5678', client: { secret: '***' } });
    expect(masked.Providers[0].name).toBe('deepseek');
    expect(masked.Router).toEqual(stored.Router);
    expect(masked.transformers).toEqual(stored.transformers);
    expect(paths).toEqual([
      'APIKEY',
      'Providers[0].api_key',
      'Providers[2].api_keys[0]',
      'Providers[2].api_keys[1]',
      'plugins.github_token',
      'plugins.client.secret',
    ]);
  });

  test('a value that only names an environment variable is shown as written; one with a default is masked', () => {
    const { value } = maskConfigSecrets({ api_key: '$OPENROUTER_API_KEY', token: '${GH_TOKEN}', secret: '${S:-sk-fallback-value}' });
    expect(value).toEqual({ api_key: '$OPENROUTER_API_KEY', token: '${GH_TOKEN}', secret: '${S:…lue}' });
  });

  test('secret-looking key names', () => {
    for (const name of ['APIKEY', 'api_key', 'api_keys', 'x-api-key', 'access_token', 'client_secret', 'Token']) expect(isSecretKey(name)).toBe(true);
    for (const name of ['name', 'models', 'api_base_url', 'Router', 'transformer']) expect(isSecretKey(name)).toBe(false);
  });

  test('"__proto__" in a config stays a key', () => {
    const parsed = JSON.parse('{"__proto__": {"api_key": "sk-polluted-12345678"}}');
    const { value } = maskConfigSecrets(parsed);
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).api_key).toBeUndefined();
  });
});

describe('unmaskConfigSecrets', () => {
  test('GET → POST unchanged gives back the stored secrets exactly', () => {
    const { value: masked } = maskConfigSecrets(stored);
    const { value, problems } = unmaskConfigSecrets(masked, stored);
    expect(problems).toEqual([]);
    expect(value).toEqual(stored);
  });

  test('a new value replaces the secret; a masked one moved to another place keeps its secret', () => {
    const masked = maskConfigSecrets(stored).value as typeof stored;
    const edited = structuredClone(masked);
    edited.APIKEY = 'a-brand-new-router-key';
    // The deepseek provider removed: every provider after it moves up one place.
    edited.Providers.splice(0, 1);
    const { value, problems } = unmaskConfigSecrets(edited, stored);
    expect(problems).toEqual([]);
    const result = value as typeof stored;
    expect(result.APIKEY).toBe('a-brand-new-router-key');
    expect(result.Providers[1].api_keys).toEqual(['gsk-one-11112222', 'gsk-two-33334444']);
  });

  test('a masked value that stands for no stored secret is a problem naming its path', () => {
    const { problems } = unmaskConfigSecrets({ Providers: [{ api_key: 'sk-x…ffff' }] }, stored);
    expect(problems).toEqual(['Providers[0].api_key: "sk-x…ffff" is a masked value that matches no stored secret; send the whole value']);
  });

  test('"***" at another path matching several short secrets is ambiguous', () => {
    const { problems } = unmaskConfigSecrets({ other_secret: '***' }, { a_key: 'short', b_key: 'tiny' });
    expect(problems).toEqual(['other_secret: "***" is a masked value that matches 2 stored secrets; send the whole value']);
    expect(unmaskConfigSecrets({ a_key: '***' }, { a_key: 'short', b_key: 'tiny' }).value).toEqual({ a_key: 'short' });
  });

  test('with no stored config every masked value is a problem, plain values pass', () => {
    const { value, problems } = unmaskConfigSecrets({ APIKEY: 'rout…1234', api_key: 'plain-key-value' }, undefined);
    expect(problems).toHaveLength(1);
    expect((value as { api_key: string }).api_key).toBe('plain-key-value');
  });
});
