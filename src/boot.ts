/**
 * From environment to a ready runtime: find and load the config, load the user's transformer
 * modules, check every transformer name against what is really available, build the snapshot.
 * Used at startup, by hot reload and by the admin API alike; any problem is a ConfigError listing them all.
 */
import { loadConfig, loadConfigValue, type ConfigValueSource, type LoadConfigOptions, type LoadedConfig } from './config/load';
import { ConfigError, validateConfig } from './config/validate';
import { buildRuntime, type Runtime } from './runtime';

export interface Booted {
  runtime: Runtime;
  loaded: LoadedConfig;
}

export async function bootRuntime(options: LoadConfigOptions): Promise<Booted> {
  return bootLoaded(await loadConfig(options));
}

/** The same, for a config already parsed (one posted to the admin API, or a file's text read by the caller). */
export async function bootRuntimeFromValue(raw: unknown, source: ConfigValueSource): Promise<Booted> {
  return bootLoaded(loadConfigValue(raw, source));
}

async function bootLoaded(loaded: LoadedConfig): Promise<Booted> {
  const runtime = await buildRuntime(loaded);
  // Transformer names can only be checked once the user's modules are loaded.
  const { errors } = validateConfig(loaded.config, { knownTransformer: (name) => runtime.registry.get(name) !== undefined });
  if (errors.length > 0) throw new ConfigError(errors, loaded.path, loaded.warnings);
  return { runtime, loaded };
}
