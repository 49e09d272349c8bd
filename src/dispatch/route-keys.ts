/**
 * A provider's keys as the walk sees them (dispatch.ts): the order to try them in, the next one
 * still usable, and what the client hears when none is.
 */
import type { KeySpec } from '../config/provider-keys';
import { ApiError } from '../http/errors';
import type { ProviderRuntime } from '../runtime';
import type { LiveState } from '../state/live';
import { orderKeys } from './key-order';

/** The keys to try, in order (the provider's pool, runtime.ts): rotated, the resting ones left out. */
export function keysOf(provider: ProviderRuntime, live: LiveState, random: () => number, pinnedKey: string | undefined): KeySpec[] {
  return orderKeys(provider.name, provider.pool, provider.keyPolicy, { health: live.keys, random, cursors: live.keyCursors }, pinnedKey);
}

/** The first key after `current` in the order that is still usable (another attempt may have rested it). */
export function nextUsableKey(keys: readonly KeySpec[], current: KeySpec, live: LiveState): KeySpec | undefined {
  const at = keys.indexOf(current);
  for (let step = 1; step < keys.length; step++) {
    const key = keys[(at + step) % keys.length];
    if (live.keys.isUsable(key.id)) return key;
  }
  return undefined;
}

/** Every key resting or disabled: a 429 saying when the first is back, or why none will be. */
export function allKeysResting(provider: ProviderRuntime, live: LiveState): ApiError {
  const specs = provider.pool;
  const rest = Math.min(...specs.map((key) => live.keys.restLeft(key.id)));
  if (!Number.isFinite(rest)) {
    // The provider's own answer, kept with its status: the client shows the reason the user must fix.
    const refused = live.keys.view(specs[0].id);
    return new ApiError(
      refused.lastError?.status ?? 401,
      `Provider "${provider.name}" has no usable key: every key was refused (${refused.disabledReason}). Fix the key in the config, or POST /api/keys/:id/reset to try it again.`,
    );
  }
  const seconds = Math.max(1, Math.ceil(rest / 1000));
  return new ApiError(429, `Provider "${provider.name}": every key is resting after rate limits or failures; the first is back in ${seconds} s`, {
    headers: { 'retry-after': String(seconds) },
  });
}
