/**
 * `GET /api/status` and the temporary switches: turn a provider, or one of its models, off and on,
 * and put a key back in service. Switches live in memory only (src/state/provider-health.ts): no
 * file records them and a restart clears them.
 */
import { Elysia, t } from 'elysia';
import { byProviderName } from '../config/route-target';
import type { Runtime } from '../runtime';
import type { LiveState } from '../state/live';
import { statusView, type ProviderStatusView } from '../state/status-view';
import { ApiError } from './errors';

export const LastError = t.Object({ at: t.String(), status: t.Optional(t.Integer()), message: t.String() });

export const KeySchema = t.Object({
  id: t.String({ description: 'Stable id for POST /api/keys/:id/reset; reveals nothing of the key' }),
  key: t.String({ description: 'The key, first 4 and last 4 characters', examples: ['sk-a…9f3k'] }),
  state: t.Union([t.Literal('active'), t.Literal('cooling'), t.Literal('disabled')]),
  coolingUntil: t.Optional(t.String({ description: 'ISO 8601; while cooling' })),
  disabledReason: t.Optional(t.String({ description: 'Why the provider refused it (401/402/403); until the config changes or a reset' })),
  failures: t.Integer({ description: 'Failures in a row' }),
  requests: t.Integer(),
  successes: t.Integer(),
  successRate: t.Union([t.Number(), t.Null()]),
  lastUsedAt: t.Optional(t.String()),
  lastError: t.Optional(LastError),
  sessions: t.Integer({ description: 'Claude Code sessions pinned to this key' }),
});

export const ProviderSchema = t.Object({
  name: t.String(),
  state: t.Union([t.Literal('active'), t.Literal('disabled'), t.Literal('blacklisted'), t.Literal('unhealthy')]),
  blacklistedUntil: t.Optional(t.String()),
  blacklistReason: t.Optional(t.String()),
  recentRequests: t.Integer({ description: 'Outcomes in the last minute' }),
  recentFailures: t.Integer(),
  disabledModels: t.Array(t.String()),
  lastError: t.Optional(LastError),
  rotation: t.Object({ enabled: t.Boolean(), strategy: t.String(), sessionAffinity: t.Boolean() }),
  keys: t.Array(KeySchema),
});

export interface AdminStatusOptions {
  getRuntime: () => Runtime;
  live: LiveState;
}

export function adminStatusPlugin({ getRuntime, live }: AdminStatusOptions) {
  const providerView = (name: string): ProviderStatusView => statusView(getRuntime(), live).providers.find((provider) => provider.name === name)!;
  const knownProvider = (name: string) => {
    const provider = byProviderName(getRuntime().providers, name);
    if (!provider) throw new ApiError(404, `No provider named "${name}"`);
    return provider;
  };
  const toggle = (enabled: boolean) => ({ params }: { params: { name: string; model?: string } }) => {
    const provider = knownProvider(params.name);
    live.providers.setEnabled(provider.name, enabled, params.model);
    return { provider: providerView(provider.name) };
  };
  const switchDoc = (what: string) => ({
    response: t.Object({ provider: ProviderSchema }),
    detail: { tags: ['Admin'], summary: what, description: `${what}. Temporary: kept in memory, cleared on restart; routing skips what is off.` },
  });

  return new Elysia({ name: 'admin-status' })
    .get('/api/status', () => statusView(getRuntime(), live), {
      response: t.Object({ providers: t.Array(ProviderSchema), pinnedSessions: t.Integer() }),
      detail: { tags: ['Admin'], summary: 'Providers and keys', description: 'Every provider and key with its live state: cooling down, disabled, blacklisted, failures, last error, use.' },
    })
    .post('/api/providers/:name/disable', toggle(false), switchDoc('Turn a provider off'))
    .post('/api/providers/:name/enable', toggle(true), switchDoc('Turn a provider back on'))
    .post('/api/providers/:name/models/:model/disable', toggle(false), switchDoc('Turn one model of a provider off (URL-encode a model with a slash)'))
    .post('/api/providers/:name/models/:model/enable', toggle(true), switchDoc('Turn one model of a provider back on'))
    .post(
      '/api/keys/:id/reset',
      ({ params }) => {
        const provider = [...getRuntime().providers.values()].find((candidate) => candidate.keys.some((key) => key.id === params.id));
        if (!provider) throw new ApiError(404, `No key with id "${params.id}"`);
        live.keys.reset(params.id);
        return { key: providerView(provider.name).keys.find((key) => key.id === params.id)! };
      },
      {
        response: t.Object({ key: KeySchema }),
        detail: { tags: ['Admin'], summary: "Put a key back in service", description: 'Ends its cool-down and clears a disabled state and its failure count.' },
      },
    );
}
