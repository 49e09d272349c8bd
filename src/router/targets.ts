/**
 * A route (`Router.<category>` or a rule's `route`) turned into the ordered list dispatch walks:
 * the primary chosen by the route's load-balancing strategy, the route's other providers, the
 * route's own `fallback`, then the top-level `fallback` for the category; each target once.
 * Compiling resolves provider names once per config snapshot; ordering runs per request.
 */
import { isRouteUnset, providerKey } from '../config/route-target';
import type { LoadBalancingStrategy, RouteSpec } from '../config/schema';
import { resolveTarget, type ProviderIndex } from './providers';
import type { RouteContext, RouterLog, RouteTarget } from './types';

interface Candidate extends RouteTarget {
  weight: number;
}

export interface CompiledRoute {
  /** Names the round-robin counter: the category, or `rule:<label>`. */
  key: string;
  strategy: LoadBalancingStrategy;
  candidates: Candidate[];
  /** The route's own fallback, then the category's top-level fallback. */
  fallback: RouteTarget[];
  /** Indexes of `candidates`, heaviest first (ties in config order): health_based's order after the primary. */
  byWeight: number[];
  /** A `"provider,model"` route always yields the same list: built once here, not per request. */
  fixed?: readonly RouteTarget[];
}

/** A provider without a weight gets an equal share. */
const DEFAULT_WEIGHT = 1;

/**
 * Undefined when the route is unset (`""`) or none of its providers is configured: the category then
 * counts as not configured and routing falls through to the next step. Unknown providers are skipped
 * with a warning.
 */
export function compileRoute(
  spec: RouteSpec,
  where: { key: string; path: string; categoryFallback: readonly RouteTarget[] },
  providers: ProviderIndex,
  warn: RouterLog,
): CompiledRoute | undefined {
  if (isRouteUnset(spec)) return undefined;
  if (typeof spec === 'string') {
    const target = resolveKnown(spec, where.path, providers, warn);
    if (target === undefined) return undefined;
    const fallback = [...where.categoryFallback];
    return { key: where.key, strategy: 'weighted', candidates: [{ ...target, weight: DEFAULT_WEIGHT }], fallback, byWeight: [0], fixed: dedupe([target, ...fallback]) };
  }
  const candidates: Candidate[] = [];
  spec.providers.forEach((entry, i) => {
    const target = resolveKnown(`${entry.provider},${entry.model}`, `${where.path}.providers[${i}]`, providers, warn);
    if (target !== undefined) candidates.push({ ...target, weight: entry.weight ?? DEFAULT_WEIGHT });
  });
  if (candidates.length === 0) return undefined;
  return {
    key: where.key,
    strategy: spec.loadBalancing?.strategy ?? 'weighted',
    candidates,
    fallback: [...resolveFallback(spec.fallback ?? [], `${where.path}.fallback`, providers, warn), ...where.categoryFallback],
    // Array.prototype.sort is stable: equal weights keep the config's order.
    byWeight: candidates.map((_, i) => i).sort((a, b) => candidates[b].weight - candidates[a].weight),
  };
}

export function resolveFallback(values: readonly string[], path: string, providers: ProviderIndex, warn: RouterLog): RouteTarget[] {
  const targets: RouteTarget[] = [];
  values.forEach((value, i) => {
    const target = resolveKnown(value, `${path}[${i}]`, providers, warn);
    if (target !== undefined) targets.push(target);
  });
  return targets;
}

function resolveKnown(value: string, path: string, providers: ProviderIndex, warn: RouterLog): RouteTarget | undefined {
  const target = resolveTarget(providers, value);
  if (target === undefined) warn('route target skipped: not a "provider,model" with a configured provider', { path, value });
  return target;
}

type Live = Pick<RouteContext, 'random' | 'roundRobin' | 'isHealthy'>;

export function orderTargets(route: CompiledRoute, live: Live): readonly RouteTarget[] {
  if (route.fixed !== undefined) return route.fixed;
  const random = live.random ?? Math.random;
  const { candidates } = route;
  switch (route.strategy) {
    case 'weighted': {
      const primary = pickWeighted(candidates, random);
      return dedupe([primary, ...candidates, ...route.fallback]);
    }
    case 'round_robin': {
      const start = nextTurn(route.key, candidates.length, live.roundRobin);
      return dedupe([...candidates.slice(start), ...candidates.slice(0, start), ...route.fallback]);
    }
    case 'health_based': {
      // Unhealthy providers are not dropped: they come last, after every fallback, as a last resort.
      const isHealthy = live.isHealthy ?? (() => true);
      const up = candidates.map((candidate) => isHealthy(candidate.provider));
      const healthy = candidates.filter((_, i) => up[i]);
      const unhealthy = candidates.filter((_, i) => !up[i]);
      const healthyByWeight = route.byWeight.filter((i) => up[i]).map((i) => candidates[i]);
      const primary = healthy.length > 0 ? [pickWeighted(healthy, random)] : [];
      return dedupe([...primary, ...healthyByWeight, ...route.fallback, ...unhealthy]);
    }
    default: {
      const _exhaustive: never = route.strategy;
      throw new Error(`unknown load-balancing strategy ${String(_exhaustive)}`);
    }
  }
}

/** Reads and advances the route's counter; without state (a dry run), always the first. */
function nextTurn(key: string, size: number, state: RouteContext['roundRobin']): number {
  if (state === undefined) return 0;
  const turn = state.get(key) ?? 0;
  // Kept below the route's size so that the counter never grows without bound.
  state.set(key, (turn + 1) % size);
  return turn % size;
}

/** A draw proportional to weight; when every weight is 0, the first candidate. */
export function pickWeighted(candidates: readonly Candidate[], random: () => number): Candidate {
  const total = candidates.reduce((sum, candidate) => sum + candidate.weight, 0);
  if (total <= 0) return candidates[0];
  let remaining = random() * total;
  for (const candidate of candidates) {
    if (candidate.weight <= 0) continue;
    remaining -= candidate.weight;
    if (remaining < 0) return candidate;
  }
  // Floating-point rounding can leave a sliver: it belongs to the last candidate that has weight.
  return candidates.findLast((candidate) => candidate.weight > 0) ?? candidates[0];
}

/** Keeps the first occurrence of each provider+model (provider compared by `providerKey`). */
export function dedupe(targets: readonly RouteTarget[]): RouteTarget[] {
  // Most routes have no fallback: nothing to compare.
  if (targets.length === 1) return [{ provider: targets[0].provider, model: targets[0].model }];
  const seen = new Set<string>();
  const result: RouteTarget[] = [];
  for (const { provider, model } of targets) {
    const key = `${providerKey(provider)}\u0000${model}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ provider, model });
  }
  return result;
}
