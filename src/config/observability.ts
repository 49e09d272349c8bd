/**
 * What the config says about watching ccr: whether `/metrics` needs the APIKEY, and the debug
 * switches (`debug.saveRequests`, `debug.traceRequests`). Read from the config in effect, so a
 * reload applies them at once. Pure.
 */
import type { Config } from './schema';

export interface DebugSettings {
  saveRequests: boolean;
  traceRequests: boolean;
  maxFiles: number;
  maxAgeMs: number;
}

const DEFAULT_MAX_FILES = 200;
const DEFAULT_MAX_AGE_HOURS = 24;

const debugByConfig = new WeakMap<object, DebugSettings>();

export function debugSettingsOf(config: Config): DebugSettings {
  let settings = debugByConfig.get(config);
  if (settings === undefined) {
    const debug = config.debug ?? {};
    settings = {
      saveRequests: debug.saveRequests === true,
      traceRequests: debug.traceRequests === true,
      maxFiles: debug.maxFiles ?? DEFAULT_MAX_FILES,
      maxAgeMs: (debug.maxAgeHours ?? DEFAULT_MAX_AGE_HOURS) * 3_600_000,
    };
    debugByConfig.set(config, settings);
  }
  return settings;
}

export function metricsArePublic(config: Config): boolean {
  return config.metrics?.public === true;
}
