import { describe, expect, test } from 'bun:test';
import { ProviderHealth } from './provider-health';

function setup() {
  let now = 1_000_000;
  return { health: new ProviderHealth(() => now, { windowMs: 60_000, minSamples: 4, maxFailureRatio: 0.5 }), advance: (ms: number) => (now += ms) };
}

describe('ProviderHealth', () => {
  test('a blacklisted provider is unhealthy until its time is up, then healthy again (probed by the next request)', () => {
    const { health, advance } = setup();
    health.blacklist('DeepSeek', 300_000, '429');
    expect(health.isHealthy('deepseek')).toBe(false);
    expect(health.view('deepseek')).toMatchObject({ blacklistedUntil: 1_300_000, blacklistReason: '429', healthy: false });
    advance(300_000);
    expect(health.isHealthy('deepseek')).toBe(true);
  });

  test('a high failure ratio over the window is unhealthy; the window forgets', () => {
    const { health, advance } = setup();
    health.record('p', true);
    health.record('p', false, 'boom');
    health.record('p', false, 'boom');
    expect(health.isHealthy('p')).toBe(true); // 3 outcomes: too few to judge
    health.record('p', false, 'boom');
    expect(health.isHealthy('p')).toBe(false);
    expect(health.view('p')).toMatchObject({ recentRequests: 4, recentFailures: 3, lastError: { message: 'boom' } });
    advance(60_001);
    expect(health.isHealthy('p')).toBe(true);
  });

  test('switches: a provider, or one model of it, turned off and on', () => {
    const { health } = setup();
    health.setEnabled('p', false, 'm1');
    expect(health.isEnabled('p', 'm1')).toBe(false);
    expect(health.isEnabled('p', 'm2')).toBe(true);
    health.setEnabled('P', false);
    expect(health.isEnabled('p', 'm2')).toBe(false);
    health.setEnabled('p', true);
    health.setEnabled('p', true, 'm1');
    expect(health.isEnabled('p', 'm1')).toBe(true);
  });

  test('a reload forgets providers that are gone and keeps the others', () => {
    const { health } = setup();
    health.setEnabled('kept', false);
    health.setEnabled('gone', false);
    health.onConfigChange(['Kept']);
    expect(health.isEnabled('kept')).toBe(false);
    expect(health.isEnabled('gone')).toBe(true);
  });
});
