import { describe, expect, test } from 'bun:test';
import type { KeySpec } from '../config/provider-keys';
import { KeyHealth } from './key-health';

const key: KeySpec = { id: 'k1', kind: 'api_key', key: 'sk-1', weight: 1, maxFailures: 3, cooldownMs: 30_000 };

function setup() {
  let now = 1_000_000;
  const health = new KeyHealth(() => now);
  return { health, advance: (ms: number) => (now += ms) };
}

describe('KeyHealth', () => {
  test('a key nobody used is active', () => {
    expect(setup().health.status('unknown')).toBe('active');
  });

  test('a 429 rests the key for its retry-after, then it comes back by itself', () => {
    const { health, advance } = setup();
    health.report(key, { kind: 'rate_limited', retryAfterMs: 5_000, message: 'slow down' });
    expect(health.status('k1')).toBe('cooling');
    expect(health.restLeft('k1')).toBe(5_000);
    advance(4_999);
    expect(health.isUsable('k1')).toBe(false);
    advance(1);
    expect(health.status('k1')).toBe('active');
  });

  test("a 429 without retry-after rests the key for its own cooldownTime", () => {
    const { health, advance } = setup();
    health.report(key, { kind: 'rate_limited', message: 'slow down' });
    advance(29_999);
    expect(health.status('k1')).toBe('cooling');
    advance(1);
    expect(health.status('k1')).toBe('active');
  });

  test('maxFailures failures in a row rest the key; a success in between resets the count', () => {
    const { health } = setup();
    const fail = () => health.report(key, { kind: 'failed', status: 500, message: 'boom' });
    fail();
    fail();
    health.report(key, { kind: 'success' });
    fail();
    fail();
    expect(health.status('k1')).toBe('active');
    fail();
    expect(health.status('k1')).toBe('cooling');
    expect(health.view('k1').lastError).toMatchObject({ status: 500, message: 'boom' });
  });

  test('a refused key stays disabled, whatever the time, until the config changes or a person resets it', () => {
    const { health, advance } = setup();
    health.report(key, { kind: 'refused', status: 401, message: 'invalid api key' });
    advance(10 * 24 * 3600_000);
    expect(health.status('k1')).toBe('disabled');
    expect(health.view('k1').disabledReason).toBe('provider answered 401: invalid api key');
    health.onConfigChange(new Set(['k1']));
    expect(health.status('k1')).toBe('active');
    health.report(key, { kind: 'refused', status: 403, message: 'no' });
    expect(health.reset('k1')).toBe(true);
    expect(health.status('k1')).toBe('active');
  });

  test('a reload forgets keys it no longer names and keeps the counters of the others', () => {
    const { health } = setup();
    health.begin('k1');
    health.begin('gone');
    health.onConfigChange(new Set(['k1']));
    expect(health.requestsOf('k1')).toBe(1);
    expect(health.requestsOf('gone')).toBe(0);
  });
});
