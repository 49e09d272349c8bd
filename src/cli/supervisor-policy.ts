/**
 * When the supervisor restarts a crashed server, and when it gives up. Pure.
 *
 * A server that exits without being asked to is restarted after an exponential backoff (base,
 * doubled on each crash in a row, capped). A run that lasted `stableAfterMs` ends the streak: the
 * next crash counts as the first again. When a crash follows `maxRestarts` restarts in a row,
 * each run shorter than `stableAfterMs`, the server is crash-looping: the supervisor gives up on it and
 * says why, rather than hammering a provider or filling the disk with the same stack trace.
 */
export interface RestartPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Restarts allowed in one streak of crashes. */
  maxRestarts: number;
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, maxRestarts: 5, stableAfterMs: 60_000 };

export type RestartDecision = { action: 'restart'; delayMs: number; crashes: number } | { action: 'give-up'; crashes: number; reason: string };

/** `crashesSoFar`: crashes in the current streak before this one. */
export function decideRestart(crashesSoFar: number, ranForMs: number, policy: RestartPolicy): RestartDecision {
  const crashes = ranForMs >= policy.stableAfterMs ? 1 : crashesSoFar + 1;
  if (crashes > policy.maxRestarts) {
    return { action: 'give-up', crashes, reason: `crashed ${crashes} times in a row, each within ${formatSeconds(policy.stableAfterMs)} of starting` };
  }
  return { action: 'restart', crashes, delayMs: Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (crashes - 1)) };
}

const formatSeconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The policy, with `CCR_RESTART_BASE_MS`, `CCR_RESTART_MAX_MS`, `CCR_RESTART_MAX_RESTARTS`, `CCR_RESTART_STABLE_MS` applied. */
export function restartPolicyFrom(env: Record<string, string | undefined>): RestartPolicy {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    baseDelayMs: number('CCR_RESTART_BASE_MS', DEFAULT_RESTART_POLICY.baseDelayMs),
    maxDelayMs: number('CCR_RESTART_MAX_MS', DEFAULT_RESTART_POLICY.maxDelayMs),
    maxRestarts: Math.floor(number('CCR_RESTART_MAX_RESTARTS', DEFAULT_RESTART_POLICY.maxRestarts)),
    stableAfterMs: number('CCR_RESTART_STABLE_MS', DEFAULT_RESTART_POLICY.stableAfterMs),
  };
}
