/**
 * From environment to a ready runtime: find and load the config, load the user's transformer
 * modules, check every transformer name against what is really available, build the snapshot.
 * Used at startup and by hot reload alike; any problem is a ConfigError listing them all.
 */
import { loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load';
import { ConfigError, validateConfig } from './config/validate';
import { buildRuntime, type Runtime } from './runtime';

export interface Booted {
  runtime: Runtime;
  loaded: LoadedConfig;
}

export async function bootRuntime(options: LoadConfigOptions): Promise<Booted> {
  const loaded = await loadConfig(options);
  const runtime = await buildRuntime(loaded);
  // Transformer names can only be checked once the user's modules are loaded.
  const { errors } = validateConfig(loaded.config, { knownTransformer: (name) => runtime.registry.get(name) !== undefined });
  if (errors.length > 0) throw new ConfigError(errors, loaded.path, loaded.warnings);
  return { runtime, loaded };
}
