/**
 * Provider names match by `providerKey` (`OpenRouter,…` and `openrouter,…` are the same); targets
 * carry the spelling the config uses, which is what logs, `x-ccr-route` and key rotation show.
 */
import { byProviderName, parseRouteTarget, providerKey } from '../config/route-target';
import type { ProviderInfo, RouteTarget } from './types';

export type ProviderIndex = ReadonlyMap<string, ProviderInfo>;

export function indexProviders(providers: ReadonlyArray<ProviderInfo>): ProviderIndex {
  const index = new Map<string, ProviderInfo>();
  // The first of two providers whose names differ only in case wins, as a config lookup would.
  for (const provider of providers) {
    const key = providerKey(provider.name);
    if (!index.has(key)) index.set(key, provider);
  }
  return index;
}

export function findProvider(index: ProviderIndex, name: string): ProviderInfo | undefined {
  return byProviderName(index, name);
}

/** A `"provider,model"` string resolved against the configured providers, or undefined. */
export function resolveTarget(index: ProviderIndex, value: string): RouteTarget | undefined {
  const parts = parseRouteTarget(value);
  if (parts === undefined) return undefined;
  const provider = findProvider(index, parts.provider);
  return provider === undefined ? undefined : { provider: provider.name, model: parts.model };
}

export function providerNames(index: ProviderIndex): string {
  const names = [...index.values()].map((provider) => provider.name);
  return names.length === 0 ? '(none)' : names.join(', ');
}
