import { describe, expect, test } from 'bun:test';
import { byProviderName, isRouteUnset, parseRouteTarget, providerKey } from './route-target';

describe('parseRouteTarget', () => {
  test('splits at the first comma only and keeps suffixes', () => {
    expect(parseRouteTarget('openrouter,anthropic/claude-3.7-sonnet:thinking')).toEqual({ provider: 'openrouter', model: 'anthropic/claude-3.7-sonnet:thinking' });
    expect(parseRouteTarget('p,model,with,commas')).toEqual({ provider: 'p', model: 'model,with,commas' });
  });

  test('trims both parts', () => {
    expect(parseRouteTarget(' p , m ')).toEqual({ provider: 'p', model: 'm' });
  });

  test('refuses a missing side', () => {
    expect(parseRouteTarget('no-comma')).toBeUndefined();
    expect(parseRouteTarget(',m')).toBeUndefined();
    expect(parseRouteTarget('p,')).toBeUndefined();
    expect(parseRouteTarget(' , ')).toBeUndefined();
  });
});

describe('providerKey', () => {
  test('ignores case and surrounding spaces', () => {
    expect(providerKey(' OpenRouter ')).toBe(providerKey('openrouter'));
  });
});

describe('isRouteUnset', () => {
  test('undefined and "" are unset; anything else is a route', () => {
    expect(isRouteUnset(undefined)).toBe(true);
    expect(isRouteUnset('')).toBe(true);
    expect(isRouteUnset(' ')).toBe(false);
    expect(isRouteUnset('p,m')).toBe(false);
  });
});

test('byProviderName finds a provider keyed by providerKey under any spelling of its name', () => {
  const providers = new Map([['openrouter', 'the OpenRouter entry']]);
  expect(byProviderName(providers, 'openrouter')).toBe('the OpenRouter entry');
  expect(byProviderName(providers, ' OpenRouter ')).toBe('the OpenRouter entry');
  expect(byProviderName(providers, 'deepseek')).toBeUndefined();
});
