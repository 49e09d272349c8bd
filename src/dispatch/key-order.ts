/**
 * Which of a provider's keys a call tries, in order: the session's pinned key first while it is
 * usable, else the rotation strategy's pick, then the other usable keys after it in config order
 * (what a failover walks). Keys cooling down or disabled are left out. Pure but for the
 * round-robin cursors, live state the caller keeps across reloads.
 */
import type { KeyPolicy, KeySpec } from '../config/provider-keys';
import type { KeyHealth } from '../state/key-health';

export interface KeyOrderContext {
  health: Pick<KeyHealth, 'isUsable' | 'requestsOf' | 'lastUsedAt'>;
  random: () => number;
  /** Round-robin position per provider. */
  cursors: Map<string, number>;
}

export function orderKeys(provider: string, keys: readonly KeySpec[], policy: KeyPolicy, ctx: KeyOrderContext, pinnedId?: string): KeySpec[] {
  const usable = keys.filter((key) => ctx.health.isUsable(key.id));
  if (usable.length <= 1) return usable;
  const first = usable.find((key) => key.id === pinnedId) ?? (policy.rotation ? pick(provider, keys, usable, policy, ctx) : usable[0]);
  const at = usable.indexOf(first);
  return [...usable.slice(at), ...usable.slice(0, at)];
}

function pick(provider: string, keys: readonly KeySpec[], usable: readonly KeySpec[], policy: KeyPolicy, ctx: KeyOrderContext): KeySpec {
  switch (policy.strategy) {
    case 'round_robin': {
      // The cursor walks every configured key, so a key back from its rest rejoins in its place.
      const start = (ctx.cursors.get(provider) ?? 0) % keys.length;
      for (let step = 0; step < keys.length; step++) {
        const key = keys[(start + step) % keys.length];
        if (!usable.includes(key)) continue;
        ctx.cursors.set(provider, (start + step + 1) % keys.length);
        return key;
      }
      return usable[0];
    }
    case 'random':
      return usable[Math.min(usable.length - 1, Math.floor(ctx.random() * usable.length))];
    case 'weighted': {
      const total = usable.reduce((sum, key) => sum + key.weight, 0);
      if (total <= 0) return usable[0];
      let remaining = ctx.random() * total;
      for (const key of usable) {
        remaining -= key.weight;
        if (remaining < 0 && key.weight > 0) return key;
      }
      return usable.findLast((key) => key.weight > 0) ?? usable[0];
    }
    case 'least_used':
      // Fewest requests; among equals, the one idle longest; then config order.
      return usable.reduce((best, key) => {
        const requests = ctx.health.requestsOf(key.id) - ctx.health.requestsOf(best.id);
        if (requests !== 0) return requests < 0 ? key : best;
        return ctx.health.lastUsedAt(key.id) < ctx.health.lastUsedAt(best.id) ? key : best;
      });
    default: {
      const _exhaustive: never = policy.strategy;
      throw new Error(`unknown rotation strategy ${String(_exhaustive)}`);
    }
  }
}
