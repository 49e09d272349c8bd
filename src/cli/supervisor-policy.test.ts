import { describe, expect, test } from 'bun:test';
import { decideRestart, DEFAULT_RESTART_POLICY, restartPolicyFrom } from './supervisor-policy';

const policy = { baseDelayMs: 500, maxDelayMs: 4_000, maxRestarts: 5, stableAfterMs: 60_000 };

describe('decideRestart', () => {
  test('crashes in a row wait twice as long each time, up to the cap', () => {
    const delays: number[] = [];
    let crashes = 0;
    for (let i = 0; i < 5; i++) {
      const decision = decideRestart(crashes, 1_000, policy);
      if (decision.action !== 'restart') throw new Error('gave up too soon');
      delays.push(decision.delayMs);
      crashes = decision.crashes;
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
  });

  test('a crash after maxRestarts restarts in a row, each run short, is a crash loop: given up on, saying why', () => {
    expect(decideRestart(5, 1_000, policy)).toEqual({ action: 'give-up', crashes: 6, reason: 'crashed 6 times in a row, each within 60 s of starting' });
  });

  test('a run that lasted stableAfterMs ends the streak: the next crash is a first one again', () => {
    expect(decideRestart(5, 60_000, policy)).toEqual({ action: 'restart', crashes: 1, delayMs: 500 });
  });

  test('maxRestarts 0: the first crash is given up on', () => {
    expect(decideRestart(0, 10, { ...policy, maxRestarts: 0 })).toMatchObject({ action: 'give-up', crashes: 1 });
  });
});

test('restartPolicyFrom reads the CCR_RESTART_* variables and ignores nonsense', () => {
  expect(restartPolicyFrom({})).toEqual(DEFAULT_RESTART_POLICY);
  expect(restartPolicyFrom({ CCR_RESTART_BASE_MS: '50', CCR_RESTART_MAX_RESTARTS: '2', CCR_RESTART_STABLE_MS: 'soon', CCR_RESTART_MAX_MS: '-1' })).toEqual({
    ...DEFAULT_RESTART_POLICY,
    baseDelayMs: 50,
    maxRestarts: 2,
  });
});
