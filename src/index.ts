/**
 * Entry: load .env and the config, build the app, listen, shut down gracefully.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from './env';
import type { Server } from 'bun';
import { createApp, type AppDeps } from './app';
import { bootRuntime } from './boot';
import { ConfigError } from './config/validate';
import { firstRunGuidance } from './config/default-config';
import { homeConfigPath } from './config/locate';
import { createLiveConfig } from './live-config';
import { debugSettingsOf } from './config/observability';
import { SavedRequests } from './debug/saved-requests';
import { createLiveState, onRuntimeChange } from './state/live';
import { serviceServers } from './stats/service-servers';
import { runningInContainer, unreachableReason } from './container';
import { logDirOf } from './config/data-dir';
import { createLogger } from './log';
import { createIdleCollector } from './memory/idle-collector';
import { startServer } from './server';
import { SessionTokens } from './usage/session-tokens';
import { startUsage } from './usage/start';

/** How often the server checks whether a burst of requests has ended (src/memory/idle-collector.ts). */
const IDLE_CHECK_MS = 250;

async function main(): Promise<void> {
  await loadDotEnv();
  let booted;
  try {
    booted = await bootRuntime({ env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const warning of error.warnings) console.error(`warning: ${warning}`);
      console.error(error.message);
    } else console.error(`ccr could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { loaded } = booted;
  const { settings } = booted.runtime;
  const logDir = logDirOf(settings, loaded.baseDir, homedir());
  const log = await createLogger({ level: settings.logLevel, toFile: settings.logToFile, dir: logDir });
  for (const warning of [...loaded.warnings, ...booted.runtime.warnings]) log.warn(warning);
  const unreachable = unreachableReason(settings, runningInContainer());
  if (unreachable) log.error(`ccr is unreachable: ${unreachable}`);
  // Hot reload of the file and the admin API's changes both swap the runtime here.
  const liveState = createLiveState();
  const suggestedPath = homeConfigPath(homedir());
  if (loaded.isDefault) process.stderr.write(firstRunGuidance(suggestedPath));
  const live = createLiveConfig({ booted, env: process.env, log, onSwap: (runtime) => onRuntimeChange(liveState, runtime), ...(loaded.isDefault && { suggestedPath }) });

  const shuttingDown = new AbortController();
  const deps: AppDeps = {
    getRuntime: live.runtime,
    sessions: new SessionTokens(),
    roundRobin: new Map(),
    liveState,
    log,
    serviceServers: () => serviceServers(),
    // debug.saveRequests: under the log folder (read at startup, as the log files' own).
    savedRequests: new SavedRequests(join(logDir, 'requests'), () => debugSettingsOf(live.runtime().config), log),
    unreachable: () => unreachable,
    shutdown: shuttingDown.signal,
    configAdmin: {
      configPath: () => live.runtime().configPath,
      suggestedPath,
      startedWith: settings,
      env: process.env,
      apply: live.apply,
    },
  };
  let server: Server<undefined>;
  let served = 0;
  try {
    server = startServer(createApp(deps), { hostname: settings.host, port: settings.port, bodyLimitBytes: settings.bodyLimitBytes, onRequest: () => served++ });
  } catch (error) {
    const reason = (error as { code?: string }).code === 'EADDRINUSE' ? 'the port is in use (is ccr already running? `ccr status`)' : String(error);
    log.fatal(`ccr could not listen on ${settings.host}:${settings.port}: ${reason}. Set PORT (or CCR_PORT) to use another port.`);
    process.exit(1);
  }
  // Opened once listening: a ccr that cannot start touches no database. No request runs before this line.
  const usage = startUsage({ getRuntime: live.runtime, baseDir: loaded.baseDir, log });
  deps.usage = usage.usage?.recorder;
  deps.usageQueries = usage.usage?.queries;
  if (!usage.usage) deps.usageUnavailable = usage.unavailable;
  // Whatever way the process exits (shutdown below, an uncaught error), queued records are written first.
  process.on('exit', () => usage.usage?.close());
  const idle = createIdleCollector({
    pending: () => server.pendingRequests,
    served: () => served,
    // Queued usage is written first, while nothing waits on the thread, and its garbage goes with the
    // rest: written by its timer after the collection, it stayed resident (about 1.5 MB idle, bench).
    collect: () => {
      usage.usage?.recorder.flush();
      Bun.gc(true);
    },
  });
  setInterval(() => idle.tick(), IDLE_CHECK_MS).unref();

  const address = `http://${settings.host}:${server.port}`;
  log.info({ address, dashboard: `${address}/ui`, docs: `${address}/swagger`, config: loaded.path ?? '(embedded default)', providers: [...live.runtime().providers.values()].map((p) => p.name) }, 'ccr listening');
  if (!process.env.BUN_CONFIG_MAX_HTTP_REQUESTS) {
    log.warn('BUN_CONFIG_MAX_HTTP_REQUESTS is not set: Bun allows 256 upstream requests at once. Start ccr with `ccr start` or `npm start`, which set it.');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'ccr stopping');
    // Let in-flight streams finish (the dashboards' feeds, which never do, are closed); a second signal exits at once.
    live.close();
    shuttingDown.abort();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => (stopping ? process.exit(130) : void shutdown('SIGINT')));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
