import { describe, expect, test } from 'bun:test';
import { keyPolicyOf, providerKeysOf, type KeyPolicy, type KeySpec } from '../config/provider-keys';
import { KeyHealth } from '../state/key-health';
import { orderKeys, type KeyOrderContext } from './key-order';

const keys: KeySpec[] = providerKeysOf({ name: 'p', api_base_url: 'u', api_keys: [{ key: 'a', weight: 3 }, { key: 'b', weight: 1 }, 'c'] });
const [a, b, c] = keys;
const policy = (strategy: KeyPolicy['strategy'], rotation = true): KeyPolicy => ({ ...keyPolicyOf({ name: 'p', api_base_url: 'u' }), strategy, rotation });

/** A seeded generator: every run draws the same numbers. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function context(random = seeded(7)): KeyOrderContext & { health: KeyHealth } {
  return { health: new KeyHealth(() => 0), random, cursors: new Map() };
}

/** How often each key comes first over n picks, each pick counted as a use. */
function firstPicks(strategy: KeyPolicy['strategy'], n: number, ctx = context()): Record<string, number> {
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < n; i++) {
    const first = orderKeys('p', keys, policy(strategy), ctx)[0];
    ctx.health.begin(first.id);
    counts[first.key]++;
  }
  return counts;
}

describe('orderKeys', () => {
  test('round_robin: each key first in turn; the others follow for failover', () => {
    const ctx = context();
    expect(orderKeys('p', keys, policy('round_robin'), ctx).map((key) => key.key)).toEqual(['a', 'b', 'c']);
    expect(orderKeys('p', keys, policy('round_robin'), ctx).map((key) => key.key)).toEqual(['b', 'c', 'a']);
    expect(orderKeys('p', keys, policy('round_robin'), ctx).map((key) => key.key)).toEqual(['c', 'a', 'b']);
    expect(firstPicks('round_robin', 300)).toEqual({ a: 100, b: 100, c: 100 });
  });

  test('random: a uniform share each', () => {
    const counts = firstPicks('random', 3000);
    for (const count of Object.values(counts)) expect(count).toBeGreaterThan(900), expect(count).toBeLessThan(1100);
  });

  test('weighted: shares follow the weights (3 : 1 : 1)', () => {
    const counts = firstPicks('weighted', 5000);
    expect(counts.a / 5000).toBeCloseTo(0.6, 1);
    expect(counts.b / 5000).toBeCloseTo(0.2, 1);
    expect(counts.c / 5000).toBeCloseTo(0.2, 1);
  });

  test('least_used: the key with the fewest requests, so uses stay level', () => {
    const ctx = context();
    ctx.health.begin(a.id);
    ctx.health.begin(a.id);
    ctx.health.begin(b.id);
    expect(orderKeys('p', keys, policy('least_used'), ctx)[0]).toBe(c);
    // 2, 1 and 0 uses before: 30 more picks bring each to 11.
    expect(firstPicks('least_used', 30, ctx)).toEqual({ a: 9, b: 10, c: 11 });
  });

  test('keys cooling down or disabled are left out; none usable gives none', () => {
    const ctx = context();
    ctx.health.report(a, { kind: 'rate_limited', retryAfterMs: 1000, message: '' });
    ctx.health.report(c, { kind: 'refused', status: 401, message: '' });
    expect(orderKeys('p', keys, policy('round_robin'), ctx)).toEqual([b]);
    ctx.health.report(b, { kind: 'refused', status: 401, message: '' });
    expect(orderKeys('p', keys, policy('round_robin'), ctx)).toEqual([]);
  });

  test("the session's pinned key comes first while it is usable, whatever the strategy", () => {
    const ctx = context();
    for (let i = 0; i < 5; i++) expect(orderKeys('p', keys, policy('round_robin'), ctx, c.id)[0]).toBe(c);
    ctx.health.report(c, { kind: 'rate_limited', message: '' });
    expect(orderKeys('p', keys, policy('round_robin'), ctx, c.id)[0]).not.toBe(c);
  });

  test('rotation off: the first usable key in config order', () => {
    const ctx = context();
    expect(orderKeys('p', keys, policy('round_robin', false), ctx)[0]).toBe(a);
    expect(orderKeys('p', keys, policy('round_robin', false), ctx)[0]).toBe(a);
    ctx.health.report(a, { kind: 'rate_limited', message: '' });
    expect(orderKeys('p', keys, policy('round_robin', false), ctx)[0]).toBe(b);
  });
});
