/**
 * A ccr app built from a config object, for tests: no port, no file, silent log, deterministic ids,
 * usage recorded in an in-memory database (`usage`; `usage.recorder.flush()` writes the queue).
 * `client()` gives the official Anthropic SDK wired to the app through `app.handle`.
 * The admin config API applies what it writes to this app's runtime; with `configPath` the app runs
 * as if it had read its config from that file (the caller writes it).
 */
import Anthropic from '@anthropic-ai/sdk';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp, type AppDeps } from '../../src/app';
import { debugSettingsOf } from '../../src/config/observability';
import { SavedRequests } from '../../src/debug/saved-requests';
import type { ServiceServer } from '../../src/stats/service-servers';
import { RequestStats } from '../../src/stats/request-stats';
import { loadConfigValue } from '../../src/config/load';
import type { AdminConfigOptions } from '../../src/http/admin-config';
import { silentLogger, type Logger } from '../../src/log';
import { buildRuntime, type Runtime } from '../../src/runtime';
import type { Clock } from '../../src/state/clock';
import { createLiveState, onRuntimeChange } from '../../src/state/live';
import { openUsage } from '../../src/usage/open';
import { priceTableOf } from '../../src/usage/pricing';
import { SessionTokens } from '../../src/usage/session-tokens';

export interface TestAppOptions {
  log?: Logger;
  env?: Record<string, string>;
  /** The file the config is said to come from. */
  configPath?: string;
  /** Where the admin API writes when there is no file; default a path under the system's temporary folder. */
  suggestedPath?: string;
  /** Overrides of the admin API's options (clock, file operations, build, home). */
  configAdmin?: Partial<AdminConfigOptions>;
  /** The clock live state ages by (cool-downs, blacklists, pins) and the usage recorder stamps with; default the system's. */
  clock?: Clock;
  /** The wait between retries on one key; default none at all, so that no test sleeps. */
  sleep?: (ms: number) => Promise<void>;
  /** Where debug.saveRequests writes; default nowhere (nothing saved). */
  savedRequestsDir?: string;
  /** The servers /dual-stats lists. */
  serviceServers?: () => ServiceServer[];
  /** How often the dashboard's feed pushes (default 1 s). */
  statsIntervalMs?: number;
}

export async function buildTestApp(config: Record<string, unknown>, options: TestAppOptions = {}) {
  const env = options.env ?? {};
  const baseDir = options.configPath ? dirname(options.configPath) : process.cwd();
  const loaded = loadConfigValue(config, { path: options.configPath, baseDir, env });
  let runtime: Runtime = await buildRuntime(loaded);
  const counters = { msg: 0, toolu: 0 };
  const liveState = createLiveState(options.clock);
  const usage = openUsage(':memory:', {
    prices: () => priceTableOf(runtime.config),
    retentionDays: () => runtime.settings.usageRetentionDays,
    now: options.clock,
  });
  const stats = new RequestStats({ prices: () => priceTableOf(runtime.config), clock: options.clock });
  const deps: AppDeps = {
    getRuntime: () => runtime,
    stats,
    serviceServers: options.serviceServers,
    statsIntervalMs: options.statsIntervalMs,
    savedRequests: options.savedRequestsDir ? new SavedRequests(options.savedRequestsDir, () => debugSettingsOf(runtime.config), options.log ?? silentLogger, options.clock) : undefined,
    sessions: new SessionTokens(),
    roundRobin: new Map(),
    liveState,
    log: options.log ?? silentLogger,
    generateId: (prefix) => `${prefix}_test${String(++counters[prefix]).padStart(4, '0')}`,
    random: () => 0,
    sleep: options.sleep ?? (async () => {}),
    configAdmin: {
      configPath: () => runtime.configPath,
      suggestedPath: options.suggestedPath ?? join(tmpdir(), `ccr-test-${process.pid}-${Date.now()}`, 'config.json'),
      startedWith: runtime.settings,
      env,
      apply: (next) => {
        runtime = next.runtime;
        onRuntimeChange(liveState, runtime);
      },
      ...options.configAdmin,
    },
    usage: usage.recorder,
    usageQueries: usage.queries,
  };
  const app = createApp(deps);
  const handle = (input: string | URL | Request, init?: RequestInit) => app.handle(new Request(input as string, init));
  const client = (apiKey = 'test-key') => new Anthropic({ baseURL: 'http://ccr.test', apiKey, fetch: handle as typeof fetch, maxRetries: 0 });
  return { app, deps, runtime, handle, client, usage, stats, getRuntime: () => runtime };
}

export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://ccr.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
