import { describe, expect, test } from 'bun:test';
import { indexProviders, resolveTarget, splitTarget } from './providers';

describe('splitTarget', () => {
  test('splits on the first comma only and keeps suffixes', () => {
    expect(splitTarget('openrouter,anthropic/claude-sonnet-4:online')).toEqual({ provider: 'openrouter', model: 'anthropic/claude-sonnet-4:online' });
    expect(splitTarget('p,model,with,commas')).toEqual({ provider: 'p', model: 'model,with,commas' });
  });

  test('refuses a missing side', () => {
    expect(splitTarget('no-comma')).toBeUndefined();
    expect(splitTarget(',model')).toBeUndefined();
    expect(splitTarget('provider,')).toBeUndefined();
  });
});

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
