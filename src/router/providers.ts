/**
 * Provider names match case-insensitively (`OpenRouter,…` and `openrouter,…` are the same), but
 * targets carry the spelling the config uses, since that is the key dispatch looks providers up by.
 */
import { providerKey } from '../config/route-target';
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
  return index.get(providerKey(name));
}

/**
 * Splits `"provider,model"` on the first comma only: model ids may carry suffixes (`:online`) or
 * slashes, and the part after the comma is kept exactly. Undefined when either side is empty.
 */
export function splitTarget(value: string): { provider: string; model: string } | undefined {
  const comma = value.indexOf(',');
  if (comma < 0) return undefined;
  const provider = value.slice(0, comma).trim();
  const model = value.slice(comma + 1).trim();
  if (provider.length === 0 || model.length === 0) return undefined;
  return { provider, model };
}

/** A `"provider,model"` string resolved against the configured providers, or undefined. */
export function resolveTarget(index: ProviderIndex, value: string): RouteTarget | undefined {
  const parts = splitTarget(value);
  if (parts === undefined) return undefined;
  const provider = findProvider(index, parts.provider);
  return provider === undefined ? undefined : { provider: provider.name, model: parts.model };
}

export function providerNames(index: ProviderIndex): string {
  const names = [...index.values()].map((provider) => provider.name);
  return names.length === 0 ? '(none)' : names.join(', ');
}
