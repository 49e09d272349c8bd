import { describe, expect, test } from 'bun:test';
import { DEFAULT_COOLDOWN_MS, DEFAULT_MAX_FAILURES, keyId, keyPolicyOf, providerKeysOf } from './provider-keys';

describe('providerKeysOf', () => {
  test('api_key as a string or a list, plus api_keys, deduplicated, empties dropped', () => {
    const keys = (config: Record<string, unknown>) => providerKeysOf({ name: 'p', api_base_url: 'u', ...config }).map((key) => key.key);
    expect(keys({ api_key: 'a' })).toEqual(['a']);
    expect(keys({ api_key: ['a', 'b', ''], api_keys: ['b', 'c'] })).toEqual(['a', 'b', 'c']);
    expect(keys({})).toEqual([]);
  });

  test("the key-rotation fork's objects: weight, maxFailures, cooldownTime (ms); defaults for what is missing", () => {
    const [heavy, plain] = providerKeysOf({
      name: 'openrouter',
      api_base_url: 'u',
      api_keys: [{ key: 'sk-1', weight: 2, maxFailures: 5, cooldownTime: 60000 }, 'sk-2'],
    });
    expect(heavy).toMatchObject({ key: 'sk-1', weight: 2, maxFailures: 5, cooldownMs: 60000 });
    expect(plain).toMatchObject({ key: 'sk-2', weight: 1, maxFailures: DEFAULT_MAX_FAILURES, cooldownMs: DEFAULT_COOLDOWN_MS });
  });

  test('a key id is stable, differs per provider and key, and does not contain the key', () => {
    expect(keyId('p', 'sk-secret-123')).toBe(keyId('p', 'sk-secret-123'));
    expect(keyId('p', 'sk-secret-123')).not.toBe(keyId('q', 'sk-secret-123'));
    expect(keyId('p', 'sk-secret-123')).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('keyPolicyOf', () => {
  test('defaults: rotation on, round robin, retry on failure, 3 retries, session affinity', () => {
    expect(keyPolicyOf({ name: 'p', api_base_url: 'u' })).toEqual({ rotation: true, strategy: 'round_robin', retryOnFailure: true, maxRetries: 3, sessionAffinity: true });
  });
  test('as configured', () => {
    const policy = keyPolicyOf({ name: 'p', api_base_url: 'u', enable_rotation: false, rotation_strategy: 'least_used', retry_on_failure: false, max_retries: 0, session_affinity: false });
    expect(policy).toEqual({ rotation: false, strategy: 'least_used', retryOnFailure: false, maxRetries: 0, sessionAffinity: false });
  });
});
