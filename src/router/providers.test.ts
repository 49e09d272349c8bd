import { describe, expect, test } from 'bun:test';
import { indexProviders, resolveTarget } from './providers';

describe('resolveTarget', () => {
  const index = indexProviders([{ name: 'OpenRouter', models: [] }]);

  test('matches the provider case-insensitively and returns the configured spelling', () => {
    expect(resolveTarget(index, 'openrouter,x')).toEqual({ provider: 'OpenRouter', model: 'x' });
    expect(resolveTarget(index, 'OPENROUTER,x')).toEqual({ provider: 'OpenRouter', model: 'x' });
  });

  test('is undefined for an unknown provider', () => {
    expect(resolveTarget(index, 'deepseek,x')).toBeUndefined();
  });
});
