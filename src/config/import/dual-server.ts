/**
 * A config of the dual-server router (route-claudecode, `rcc`, v2.x: a development server on
 * config.json and a release server on config.release.json) converted to ccr's. Pure.
 *
 * - `server.port`/`server.host` → PORT/HOST; `debug.logLevel` → LOG_LEVEL.
 * - `providers.<name>{type, endpoint, authentication.credentials{apiKey|token|tokenPath},
 *   models, defaultModel, keyRotation}` → `Providers[]` (shared.ts).
 * - `routing.<category>` → `Router.<category>` (thinking → think, longcontext → longContext,
 *   search → webSearch). `{providers: [{provider, model, weight}], loadBalancing: {enabled,
 *   strategy}}` with balancing on → `{providers, loadBalancing: {strategy}}`
 *   (health_based_with_blacklist → health_based: ccr's balancing already skips blacklisted
 *   providers); with balancing off, the other router took the healthy provider of lowest weight
 *   first (engine.ts selectFromMultiProvider), so ccr tries them in that order: the first as the
 *   route, the rest as its fallback. The older `{provider, model, backup: [...]}` → the route with
 *   its backups, lowest weight first, as fallback.
 * - Top-level `loadBalancing` is the default of categories that name none.
 * - `failover.triggers` are not carried: ccr hands a request that fails before its answer
 *   started (429, 408, 5xx, network errors, timeouts) to the next target, cools keys down after
 *   429s, and blacklists providers by its own policy.
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/077bf5b5619b6c9103c4855913173389774b837d/README.md (server, routing, providers)
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/09ffe8fb698031a575f6e0ca568ddc18f430cac1/src/types/index.ts (CategoryRouting, LoadBalancingConfig, FailoverConfig)
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/22a21adf8b09bb001c0fa3bc46b8e52538ccc582/src/routing/engine.ts (load balancing, backups)
 */
import type { LoadBalancingStrategy, RouteSpec, WeightedTarget } from '../schema';
import { Carry, ccrCategory, convertProvider, convertServerAndDebug, record, SEARCH_NOTE, text, type ImportResult } from './shared';

const STRATEGIES: Record<string, LoadBalancingStrategy> = {
  round_robin: 'round_robin',
  weighted: 'weighted',
  health_based: 'health_based',
  health_based_with_blacklist: 'health_based',
};

/** Keys of the top level this converter reads; any other is listed as not carried. */
const TOP_LEVEL = new Set(['server', 'providers', 'routing', 'loadBalancing', 'failover', 'debug']);

export function convertDualServerConfig(raw: unknown): ImportResult {
  const source = record(raw);
  const carry = new Carry();
  const config: Record<string, unknown> = {};
  convertServerAndDebug(source, config, carry);

  const defaultModels = new Map<string, string | undefined>();
  const providers = Object.entries(record(source.providers)).map(([name, entry]) => {
    const { provider, defaultModel } = convertProvider(name, record(entry), `providers.${name}`, carry);
    defaultModels.set(name, defaultModel);
    return provider;
  });
  config.Providers = providers;

  const defaults = { loadBalancing: record(source.loadBalancing) };
  const router: Record<string, unknown> = {};
  for (const [category, entry] of Object.entries(record(source.routing))) {
    const path = `routing.${category}`;
    const target = ccrCategory(category);
    if (!target) {
      carry.drop(path, `ccr's router has no "${category}" category (it routes default, background, think, longContext, webSearch, image; Router.rules for more)`);
      continue;
    }
    if (target === 'webSearch') carry.drop(path, SEARCH_NOTE);
    const spec = convertCategory(record(entry), defaults, path, defaultModels, carry);
    if (spec !== undefined) router[target] = spec;
  }
  if (source.failover !== undefined) carry.drop('failover', failoverNote());
  if (Object.keys(defaults.loadBalancing).length > 0 && Object.keys(router).length === 0) carry.drop('loadBalancing', 'no category to apply it to');
  if (!router.default) carry.drop('routing.default', 'none: set the default route with `ccr model provider,model`');
  config.Router = router;

  for (const key of Object.keys(source)) if (!TOP_LEVEL.has(key)) carry.drop(key, 'not used by ccr');
  return { config, notCarried: carry.notCarried };
}

function convertCategory(
  entry: Record<string, unknown>,
  defaults: { loadBalancing: Record<string, unknown> },
  path: string,
  defaultModels: Map<string, string | undefined>,
  carry: Carry,
): RouteSpec | undefined {
  if (entry.failover !== undefined) carry.drop(`${path}.failover`, failoverNote());
  const targets = Array.isArray(entry.providers) ? entry.providers.flatMap((item, index) => weightedTarget(record(item), `${path}.providers[${index}]`, defaultModels, carry)) : [];
  if (targets.length > 0) {
    if (targets.length === 1) return `${targets[0].provider},${targets[0].model}`;
    const balancing = Object.keys(record(entry.loadBalancing)).length > 0 ? record(entry.loadBalancing) : defaults.loadBalancing;
    if (balancing.enabled !== true) {
      const ordered = byWeight(targets);
      return { providers: [{ provider: ordered[0].provider, model: ordered[0].model }], fallback: ordered.slice(1).map(({ provider, model }) => `${provider},${model}`) };
    }
    const named = text(balancing.strategy) ?? 'round_robin';
    const strategy = STRATEGIES[named];
    if (!strategy) carry.drop(`${path}.loadBalancing.strategy`, `"${named}" is not a strategy ccr knows; round_robin used`);
    else if (strategy !== named) carry.drop(`${path}.loadBalancing.strategy`, `"${named}" became "${strategy}": ccr's balancing leaves out blacklisted providers already`);
    return { providers: targets, loadBalancing: { strategy: strategy ?? 'round_robin' } };
  }
  const provider = text(entry.provider);
  if (!provider) {
    carry.drop(path, 'names no provider');
    return undefined;
  }
  const model = text(entry.model) ?? defaultModels.get(provider);
  if (!model) {
    carry.drop(path, `names no model, and provider "${provider}" has no defaultModel`);
    return undefined;
  }
  const backups = Array.isArray(entry.backup) ? entry.backup.flatMap((item, index) => weightedTarget(record(item), `${path}.backup[${index}]`, defaultModels, carry)) : [];
  if (backups.length === 0) return `${provider},${model}`;
  return { providers: [{ provider, model }], fallback: byWeight(backups).map((backup) => `${backup.provider},${backup.model}`) };
}

function weightedTarget(item: Record<string, unknown>, path: string, defaultModels: Map<string, string | undefined>, carry: Carry): WeightedTarget[] {
  const provider = text(item.provider);
  const model = text(item.model) ?? (provider ? defaultModels.get(provider) : undefined);
  if (!provider || !model) {
    carry.drop(path, 'needs a provider and a model');
    return [];
  }
  return [{ provider, model, ...(typeof item.weight === 'number' && { weight: item.weight }) }];
}

/** Lowest weight first, as the other router ordered its providers and backups (a stable sort). */
function byWeight(targets: WeightedTarget[]): WeightedTarget[] {
  return targets.map((target, index) => ({ target, index })).sort((a, b) => (a.target.weight ?? 1) - (b.target.weight ?? 1) || a.index - b.index).map(({ target }) => target);
}

function failoverNote(): string {
  return 'ccr fails over by itself: a request that fails before its answer starts (429, 408, 5xx, network error, timeout) goes to the next target; keys cool down after a 429; providers are blacklisted and their health tracked by ccr\'s own policy (`ccr status`)';
}
