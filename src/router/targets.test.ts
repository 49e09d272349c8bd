import { describe, expect, test } from 'bun:test';
import type { RouteSpec } from '../config/schema';
import { mulberry32 } from './prng';
import { indexProviders } from './providers';
import { compileRoute, orderTargets, pickWeighted } from './targets';
import type { RouteTarget } from './types';

const providers = indexProviders(['A', 'B', 'C', 'D', 'Spare'].map((name) => ({ name, models: [] })));

function compile(spec: RouteSpec, categoryFallback: RouteTarget[] = []) {
  const warnings: unknown[] = [];
  const route = compileRoute(spec, { key: 'default', path: 'Router.default', categoryFallback }, providers, (message, fields) => warnings.push({ message, fields }));
  return { route, warnings };
}
const names = (targets: readonly RouteTarget[]) => targets.map(({ provider, model }) => `${provider},${model}`);

describe('compileRoute', () => {
  test('a "provider,model" string is one target, followed by the category fallback', () => {
    const { route } = compile('a,m1', [{ provider: 'Spare', model: 's' }, { provider: 'A', model: 'm1' }]);
    expect(names(orderTargets(route!, {}))).toEqual(['A,m1', 'Spare,s']);
  });

  test('unknown providers are skipped with a warning naming the config path', () => {
    const { route, warnings } = compile({ providers: [{ provider: 'nowhere', model: 'x' }, { provider: 'b', model: 'm2' }], fallback: ['gone,y', 'c,m3'] });
    expect(names(orderTargets(route!, {}))).toEqual(['B,m2', 'C,m3']);
    expect(warnings).toEqual([
      { message: expect.stringContaining('skipped'), fields: { path: 'Router.default.providers[0]', value: 'nowhere,x' } },
      { message: expect.stringContaining('skipped'), fields: { path: 'Router.default.fallback[0]', value: 'gone,y' } },
    ]);
  });

  test('a route with no configured provider compiles to nothing, so the category falls through', () => {
    expect(compile('nowhere,x').route).toBeUndefined();
    expect(compile({ providers: [{ provider: 'nowhere', model: 'x' }] }).route).toBeUndefined();
  });
});

describe('orderTargets', () => {
  const spec: RouteSpec = {
    providers: [
      { provider: 'a', model: 'm1', weight: 1 },
      { provider: 'b', model: 'm2', weight: 3 },
      { provider: 'c', model: 'm3', weight: 6 },
    ],
    fallback: ['d,m4', 'a,m1'],
  };

  test('weighted: primary drawn by weight, then the other providers, then fallbacks; each once', () => {
    const { route } = compile(spec, [{ provider: 'Spare', model: 's' }, { provider: 'D', model: 'm4' }]);
    // 0.05 × total weight 10 = 0.5 → inside A's share [0, 1); 0.95 → C's share [4, 10).
    expect(names(orderTargets(route!, { random: () => 0.05 }))).toEqual(['A,m1', 'B,m2', 'C,m3', 'D,m4', 'Spare,s']);
    expect(names(orderTargets(route!, { random: () => 0.95 }))).toEqual(['C,m3', 'A,m1', 'B,m2', 'D,m4', 'Spare,s']);
  });

  test('weighted selection converges to the weights over 10,000 seeded draws', () => {
    const { route } = compile(spec);
    const random = mulberry32(20240611);
    const counts: Record<string, number> = {};
    const draws = 10_000;
    for (let i = 0; i < draws; i++) {
      const [primary] = orderTargets(route!, { random });
      counts[primary.provider] = (counts[primary.provider] ?? 0) + 1;
    }
    for (const [name, share] of [['A', 0.1], ['B', 0.3], ['C', 0.6]] as const) {
      expect(Math.abs(counts[name] / draws - share)).toBeLessThan(0.02);
    }
  });

  test('weight 0 is never primary; missing weights share equally', () => {
    expect(pickWeighted([{ provider: 'A', model: 'x', weight: 0 }, { provider: 'B', model: 'y', weight: 1 }], () => 0).provider).toBe('B');
    expect(pickWeighted([{ provider: 'A', model: 'x', weight: 0 }, { provider: 'B', model: 'y', weight: 0 }], () => 0.9).provider).toBe('A');
    const { route } = compile({ providers: [{ provider: 'a', model: 'x' }, { provider: 'b', model: 'y' }] });
    expect(orderTargets(route!, { random: () => 0.49 })[0].provider).toBe('A');
    expect(orderTargets(route!, { random: () => 0.51 })[0].provider).toBe('B');
  });

  test('round_robin cycles through the providers, the others following in order', () => {
    const { route } = compile({ ...spec, loadBalancing: { strategy: 'round_robin' } });
    const roundRobin = new Map<string, number>();
    const rounds = Array.from({ length: 4 }, () => names(orderTargets(route!, { roundRobin })));
    expect(rounds).toEqual([
      ['A,m1', 'B,m2', 'C,m3', 'D,m4'],
      ['B,m2', 'C,m3', 'A,m1', 'D,m4'],
      ['C,m3', 'A,m1', 'B,m2', 'D,m4'],
      ['A,m1', 'B,m2', 'C,m3', 'D,m4'],
    ]);
    expect(roundRobin.get('default')).toBe(1);
  });

  test('round_robin without state (a dry run) always starts with the first provider', () => {
    const { route } = compile({ ...spec, loadBalancing: { strategy: 'round_robin' } });
    expect(orderTargets(route!, {})[0].provider).toBe('A');
    expect(orderTargets(route!, {})[0].provider).toBe('A');
  });

  test('health_based skips unhealthy providers, keeping them only as a last resort', () => {
    const { route } = compile({ ...spec, loadBalancing: { strategy: 'health_based' } });
    const isHealthy = (provider: string) => provider !== 'C';
    const random = mulberry32(7);
    for (let i = 0; i < 200; i++) {
      const targets = names(orderTargets(route!, { isHealthy, random }));
      expect(targets[0]).not.toBe('C,m3');
      expect(targets.at(-1)).toBe('C,m3');
    }
    // Healthy ones by weight after the primary: B (3) before A (1).
    expect(names(orderTargets(route!, { isHealthy, random: () => 0.99 }))).toEqual(['B,m2', 'A,m1', 'D,m4', 'C,m3']);
  });

  test('health_based asks about each provider once per request', () => {
    const { route } = compile({ ...spec, loadBalancing: { strategy: 'health_based' } });
    const asked: string[] = [];
    orderTargets(route!, { isHealthy: (provider) => (asked.push(provider), provider !== 'B'), random: () => 0 });
    expect(asked).toEqual(['A', 'B', 'C']);
  });

  test('health_based: equal weights keep the config order after the primary', () => {
    const { route } = compile({ providers: [{ provider: 'a', model: 'x' }, { provider: 'b', model: 'y' }, { provider: 'c', model: 'z', weight: 5 }], loadBalancing: { strategy: 'health_based' } });
    expect(names(orderTargets(route!, { random: () => 0 }))).toEqual(['A,x', 'C,z', 'B,y']);
  });

  test('health_based with every provider unhealthy tries the fallbacks first', () => {
    const { route } = compile({ ...spec, loadBalancing: { strategy: 'health_based' } });
    expect(names(orderTargets(route!, { isHealthy: () => false }))).toEqual(['D,m4', 'A,m1', 'B,m2', 'C,m3']);
  });
});

describe('mulberry32', () => {
  test('is repeatable for a seed and stays in [0, 1)', () => {
    const first = mulberry32(42);
    const second = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => first());
    expect(values).toEqual(Array.from({ length: 1000 }, () => second()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});
