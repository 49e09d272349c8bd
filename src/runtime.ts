/**
 * The immutable snapshot a config becomes: providers with their keys and per-model plans
 * (transformer chain + dialect), the compiled router, and the effective settings. A reload builds
 * a new snapshot and swaps it whole; live state (key cursors, round-robin counters, health) lives
 * outside it and survives reloads.
 */
import type { LoadedConfig } from './config/load';
import type { Settings } from './config/settings';
import { blacklistTriggersOf, type BlacklistTrigger } from './config/failover';
import { DEFAULT_COOLDOWN_MS, DEFAULT_MAX_FAILURES, keyId, keyPolicyOf, providerKeysOf, type KeyPolicy, type KeySpec } from './config/provider-keys';
import { providerKey } from './config/route-target';
import type { Config, ProviderConfig } from './config/schema';
import { providersOf } from './config/validate';
import { defaultSystemMessagePlacement, dialectFor } from './dialects';
import type { SystemMessagePlacement } from './dialects/system-messages';
import type { Dialect } from './dialects/types';
import { bearerCredentialsFor } from './dialects/codewhisperer/credential-config';
import type { BearerCredential } from './dispatch/credential';
import { loadCustomRouter } from './router/custom';
import { createRouter } from './router/route';
import type { Router } from './router/types';
import { buildChain, createRegistry, hasModelChain, loadCustomTransformers, resolveDialect, type TransformerRegistry } from './transformers/registry';
import type { TransformerChain } from './transformers/types';

export interface ModelPlan {
  chain: TransformerChain;
  dialect: Dialect;
  /** Anthropic upstream and nothing to transform: bytes are piped untouched. */
  passthrough: boolean;
  /** Where system messages inside `messages` go: the chain's choice, else the dialect's default for the URL. */
  systemMessages: SystemMessagePlacement;
}

export interface ProviderRuntime {
  readonly name: string;
  readonly baseUrl: string;
  /** The keys' values, for masking them wherever a provider's text is shown. */
  readonly apiKeys: readonly string[];
  readonly keys: readonly KeySpec[];
  readonly keyPolicy: KeyPolicy;
  /** Answers that blacklist the provider for a while (`failover.triggers`). */
  readonly blacklistTriggers: readonly BlacklistTrigger[];
  readonly models: readonly string[];
  readonly config: ProviderConfig;
  /**
   * What rotation, cool-downs and /api/status see, made once: the bearer credentials (`authentication`
   * in the config; Kiro's token file by default), else the API keys, else one stand-in.
   */
  readonly pool: readonly KeySpec[];
  /** The refreshed bearer token behind each `bearer` entry of `pool`, by key id. */
  readonly credentials?: ReadonlyMap<string, BearerCredential>;
  plan(model: string): ModelPlan;
}

export interface Runtime {
  readonly config: Config;
  readonly configPath: string | undefined;
  readonly settings: Settings;
  /** Keyed by `providerKey(name)`: users write provider names in any case. */
  readonly providers: ReadonlyMap<string, ProviderRuntime>;
  readonly registry: TransformerRegistry;
  readonly router: Router;
  /** What building the snapshot noticed (routes naming unknown providers…), for the log. */
  readonly warnings: readonly string[];
}

export async function buildRuntime(loaded: LoadedConfig): Promise<Runtime> {
  const { config } = loaded;
  const registry = createRegistry(await loadCustomTransformers(config.transformers ?? [], loaded.baseDir));
  const providers = new Map<string, ProviderRuntime>();
  for (const providerConfig of providersOf(config)) {
    const provider = withBearer(buildProvider(providerConfig, registry, config), loaded.baseDir);
    // Every model the provider lists is planned now, so a bad chain fails at load, not mid-request.
    for (const model of provider.models) provider.plan(model);
    providers.set(providerKey(provider.name), provider);
  }
  const customRouter = config.CUSTOM_ROUTER_PATH ? await loadCustomRouter(config.CUSTOM_ROUTER_PATH, loaded.baseDir) : undefined;
  const warnings: string[] = [];
  const router = createRouter({
    log: (message) => warnings.push(message),
    router: config.Router ?? {},
    fallback: config.fallback,
    providers: [...providers.values()].map((provider) => ({ name: provider.name, models: provider.models })),
    customRouter,
  });
  return {
    config,
    configPath: loaded.path,
    settings: loaded.settings,
    providers,
    registry,
    router,
    warnings,
  };
}

function buildProvider(config: ProviderConfig, registry: TransformerRegistry, whole: Config): ProviderRuntime {
  const plans = new Map<string, ModelPlan>();
  const keys = providerKeysOf(config);
  return {
    name: config.name,
    baseUrl: config.api_base_url,
    apiKeys: keys.map((spec) => spec.key),
    keys,
    pool: keys.length > 0 ? keys : [standInKey(config.name)],
    keyPolicy: keyPolicyOf(config),
    blacklistTriggers: blacklistTriggersOf(config.failover, whole.failover),
    models: config.models ?? [],
    config,
    plan(model) {
      // A model only changes the plan through its own `transformer["<model>"]` entry; every other
      // name shares one plan, so clients naming arbitrary models cannot grow this cache.
      const key = hasModelChain(config.transformer, model) ? model : '';
      let plan = plans.get(key);
      if (!plan) {
        const chain = buildChain(config.transformer, model, registry);
        const dialect = dialectFor(resolveDialect(chain, config.api_base_url));
        const systemMessages = chain.systemMessages ?? defaultSystemMessagePlacement(dialect.id, config.api_base_url);
        plan = { chain, dialect, passthrough: dialect.id === 'anthropic' && chain.isEmpty, systemMessages };
        plans.set(key, plan);
      }
      return plan;
    },
  };
}

/** The provider with its bearer credentials, when its config names some or its dialect needs one (Kiro). */
function withBearer(provider: ProviderRuntime, baseDir: string): ProviderRuntime {
  const named = bearerCredentialsFor(provider.config, provider.plan('').dialect.id, provider.apiKeys, baseDir);
  if (!named) return provider;
  // The position keeps two fixed tokens (both labelled `token`) apart.
  const pool = named.map(({ label }, i): KeySpec => ({ id: keyId(provider.name, `bearer:${i}:${label}`), kind: 'bearer', key: '', label, weight: 1, maxFailures: DEFAULT_MAX_FAILURES, cooldownMs: DEFAULT_COOLDOWN_MS }));
  return { ...provider, pool, credentials: new Map(named.map(({ credential }, i) => [pool[i].id, credential])) };
}

/** A keyless provider's one entry in the pool. */
function standInKey(provider: string): KeySpec {
  return { id: keyId(provider, ''), kind: 'none', key: '', weight: 1, maxFailures: Number.MAX_SAFE_INTEGER, cooldownMs: 0 };
}
