/**
 * The transformer registry: built-ins plus user modules, looked up case-insensitively (configs
 * written for claude-code-router say both `Anthropic` and `anthropic`), and the chains built from a
 * provider's `transformer` config.
 */
import type { ProviderConfig, ProviderTransformerConfig, TransformerUse } from '../config/schema';
import { detectDialect } from '../dialects';
import type { DialectId } from '../dialects/types';
import { BUILTIN_TRANSFORMERS } from './builtins';
import { composeChain, type NamedHooks } from './chain';
import type { TransformerChain, TransformerDefinition, TransformerOptions } from './types';

export { loadCustomTransformers } from './load-custom';

export interface TransformerRegistry {
  /** The definition named `name`, whatever its case. */
  get(name: string): TransformerDefinition | undefined;
  list(): readonly TransformerDefinition[];
}

export function createRegistry(custom: readonly TransformerDefinition[] = []): TransformerRegistry {
  const byName = new Map<string, TransformerDefinition>();
  const builtins = BUILTIN_TRANSFORMERS.map((definition): TransformerDefinition => ({ ...definition, source: 'builtin' }));
  for (const definition of [...builtins, ...custom]) {
    const key = definition.name.toLowerCase();
    const existing = byName.get(key);
    if (existing) {
      throw new Error(`transformer "${definition.name}" (${definition.source ?? 'custom'}) clashes with "${existing.name}" (${existing.source ?? 'custom'})`);
    }
    byName.set(key, definition);
  }
  const all = [...byName.values()];
  return { get: (name) => byName.get(name.toLowerCase()), list: () => all };
}

function parseUse(use: TransformerUse): { name: string; options: TransformerOptions } {
  return typeof use === 'string' ? { name: use, options: {} } : { name: use[0], options: use[1] ?? {} };
}

/** Whether `model` has a chain of its own (`transformer["<model>"]`), beyond the provider's. */
export function hasModelChain(config: ProviderTransformerConfig | undefined, model: string): boolean {
  return config !== undefined && model !== 'use' && Object.hasOwn(config, model);
}

export interface TransformerScope {
  /** Absent for the provider-wide chain (`transformer.use`). */
  model?: string;
  uses: TransformerUse[];
}

/** A provider's `transformer` config as use-lists: the provider-wide one first, then each model's. */
export function transformerScopes(config: ProviderTransformerConfig | undefined): TransformerScope[] {
  if (!config) return [];
  const uses = (entry: ProviderTransformerConfig[string] | undefined): TransformerUse[] => (Array.isArray(entry) ? entry : (entry?.use ?? []));
  const scopes: TransformerScope[] = [{ uses: uses(config.use) }];
  for (const [model, entry] of Object.entries(config)) if (model !== 'use') scopes.push({ model, uses: uses(entry) });
  return scopes;
}

/** Builds a provider+model chain; an unknown name or a bad option throws an Error naming it. */
export function buildChain(config: ProviderTransformerConfig | undefined, model: string, registry: TransformerRegistry): TransformerChain {
  const uses = transformerScopes(config).flatMap((scope) => (scope.model === undefined || scope.model === model ? scope.uses : []));
  const entries: NamedHooks[] = uses.map((use) => {
    const { name, options } = parseUse(use);
    const definition = registry.get(name);
    if (!definition) throw new Error(`unknown transformer "${name}" (model ${model}); known: ${registry.list().map((known) => known.name).join(', ')}`);
    return { name: definition.name, hooks: definition.create(options) };
  });
  return composeChain(entries);
}

/** The format the upstream speaks: what the chain names, else what `api_base_url` says (detectDialect). */
export function resolveDialect(chain: Pick<TransformerChain, 'dialect'>, baseUrl: string): DialectId {
  return chain.dialect ?? detectDialect(baseUrl);
}

export interface TransformerInfo {
  name: string;
  source: string;
  description?: string;
  options?: Record<string, string>;
  /** Where the config uses it; `model` is absent for a provider-wide chain. */
  usedBy: Array<{ provider: string; model?: string }>;
}

/** What `GET /api/transformers` shows: each transformer and where the config uses it. */
export function describeTransformers(registry: TransformerRegistry, providers: readonly ProviderConfig[]): TransformerInfo[] {
  const usage = new Map<string, TransformerInfo['usedBy']>();
  for (const provider of providers) {
    for (const scope of transformerScopes(provider.transformer)) {
      const where = scope.model === undefined ? { provider: provider.name } : { provider: provider.name, model: scope.model };
      for (const use of scope.uses) {
        const key = parseUse(use).name.toLowerCase();
        const list = usage.get(key) ?? [];
        if (!list.some((seen) => seen.provider === where.provider && seen.model === where.model)) list.push(where);
        usage.set(key, list);
      }
    }
  }
  return registry.list().map((definition) => ({
    name: definition.name,
    source: definition.source ?? 'custom',
    ...(definition.description ? { description: definition.description } : {}),
    ...(definition.options ? { options: definition.options } : {}),
    usedBy: usage.get(definition.name.toLowerCase()) ?? [],
  }));
}
