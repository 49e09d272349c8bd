/**
 * What `GET /api/status` shows: every provider and key with its live state, keys masked. Pure: the
 * snapshot and the live state in, a JSON value out.
 */
import { maskKey } from '../log';
import type { Runtime } from '../runtime';
import type { LiveState } from './live';
import type { KeyStatusView, ProviderState, ProviderStatusView, StatusView } from './status-types';

export type { KeyStatusView, ProviderState, ProviderStatusView, StatusView };

const iso = (at: number) => new Date(at).toISOString();

export function statusView(runtime: Runtime, live: LiveState): StatusView {
  const sessionsByKey = live.sessions.countByKey();
  const providers = [...runtime.providers.values()].map((provider): ProviderStatusView => {
    const health = live.providers.view(provider.name);
    const state: ProviderState = health.disabled ? 'disabled' : health.blacklistedUntil !== undefined ? 'blacklisted' : health.healthy ? 'active' : 'unhealthy';
    return {
      name: provider.name,
      state,
      ...(health.blacklistedUntil !== undefined && { blacklistedUntil: iso(health.blacklistedUntil), blacklistReason: health.blacklistReason }),
      recentRequests: health.recentRequests,
      recentFailures: health.recentFailures,
      disabledModels: health.disabledModels,
      ...(health.lastError && { lastError: { at: iso(health.lastError.at), message: health.lastError.message } }),
      rotation: { enabled: provider.keyPolicy.rotation, strategy: provider.keyPolicy.strategy, sessionAffinity: provider.keyPolicy.sessionAffinity },
      keys: provider.pool.filter((spec) => spec.kind !== 'none').map((spec): KeyStatusView => {
        const key = live.keys.view(spec.id);
        return {
          id: spec.id,
          key: spec.label ?? maskKey(spec.key),
          state: key.status,
          ...(key.status === 'cooling' && { coolingUntil: iso(key.coolingUntil) }),
          ...(key.disabledReason !== undefined && { disabledReason: key.disabledReason }),
          failures: key.failures,
          requests: key.requests,
          successes: key.successes,
          successRate: key.requests > 0 ? Math.round((key.successes / key.requests) * 1000) / 1000 : null,
          ...(key.lastUsedAt !== undefined && { lastUsedAt: iso(key.lastUsedAt) }),
          ...(key.lastError && { lastError: { ...key.lastError, at: iso(key.lastError.at) } }),
          sessions: sessionsByKey.get(spec.id) ?? 0,
        };
      }),
    };
  });
  return { providers, pinnedSessions: live.sessions.size };
}
