/**
 * Starting and stopping the background service from the CLI: the detached supervisor is spawned
 * (this same CLI, `__supervise`), and the caller waits until every server answers /health, or
 * learns why not.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import type { Env } from '../config/locate';
import { CliError } from './errors';
import { readLastLines } from './log-tail';
import type { DataPaths } from './paths';
import { describePortOwner, findPortOwner, isPortFree } from './port-owner';
import { fetchHealth } from './server-client';
import { isSameProcess, signalProcess, waitFor } from './process-info';
import { clearServiceState, readRunningService, readServiceState, type ServiceOrigin, type ServiceState } from './service-state';
import type { ServerSpec } from './servers';

export interface StartOptions {
  specs: ServerSpec[];
  origin: ServiceOrigin;
  paths: DataPaths;
  env: Env;
  cwd: string;
  timeoutMs?: number;
}

export interface StartResult {
  state: ServiceState;
  alreadyRunning: boolean;
}

/** The payload `__supervise` reads from its environment. */
export interface SupervisorSpec {
  specs: ServerSpec[];
  origin: ServiceOrigin;
}

export const SUPERVISOR_SPEC_VARIABLE = 'CCR_SUPERVISOR_SPEC';

/** The command line that runs this CLI again: the bundle or the sources, whichever runs now. */
export function cliCommand(...args: string[]): string[] {
  return [process.execPath, process.argv[1], ...args];
}

export async function startDaemon(options: StartOptions): Promise<StartResult> {
  const { paths, specs } = options;
  const running = readRunningService(paths);
  if (running) return { state: running, alreadyRunning: true };
  for (const spec of specs) {
    if (spec.port === 0) throw new CliError(`server "${spec.name}": port 0 picks a random port, which clients could not find; give it a fixed PORT`);
    checkPortFree(spec);
  }
  mkdirSync(paths.logsDir, { recursive: true, mode: 0o700 });
  mkdirSync(paths.serviceDir, { recursive: true, mode: 0o700 });
  // A pin belongs to the service it was set on, not to the next one.
  rmSync(paths.pinnedFile, { force: true });
  const log = openSync(paths.supervisorLog, 'a', 0o600);
  const [command, ...args] = cliCommand('__supervise');
  const payload: SupervisorSpec = { specs, origin: options.origin };
  const child = spawn(command, args, {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...options.env, [SUPERVISOR_SPEC_VARIABLE]: JSON.stringify(payload) },
  });
  closeSync(log);
  child.unref();
  const supervisorPid = child.pid!;
  let failure: string | undefined;
  const ready = await waitFor(
    () => {
      const state = readServiceState(paths);
      const mine = state?.supervisor.pid === supervisorPid ? state : undefined;
      const failed = mine?.servers.find((server) => server.status === 'failed');
      if (failed) failure = `server "${failed.name}" did not start: ${failed.failure}${logTail(failed.log)}`;
      else if (child.exitCode !== null || !isSameProcess({ pid: supervisorPid })) failure = `the supervisor exited${logTail(paths.supervisorLog)}`;
      return failure !== undefined || (mine !== undefined && mine.servers.every((server) => server.status === 'running'));
    },
    options.timeoutMs ?? 30_000,
    30,
  );
  if (failure || !ready) {
    // Half a service is no service: the servers that did start stop with the supervisor.
    await stopService(paths);
    throw new CliError(failure ?? `ccr did not come up within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s; see ${paths.supervisorLog}`);
  }
  return { state: readServiceState(paths)!, alreadyRunning: false };
}

/**
 * Something answers at `url` (the main server's): the service already running, or one started now
 * for `options.origin`. Callers hold the start lock (pid-files.ts `withLock`), so that two commands
 * never start two services.
 */
export async function ensureService(options: StartOptions, url: string): Promise<void> {
  if (await fetchHealth(url)) return;
  const { alreadyRunning } = await startDaemon(options);
  if (alreadyRunning && !(await fetchHealth(url))) throw new CliError(`a ccr service runs, but nothing answers at ${url}: \`ccr status\``);
}

export function checkPortFree(spec: ServerSpec): void {
  if (isPortFree(spec.host, spec.port)) return;
  throw new CliError(
    `port ${spec.port} (${spec.host}) is already in use by ${describePortOwner(findPortOwner(spec.port))}: stop that program, or start ccr on another port (--port N, or PORT in ${spec.configPath ?? 'the config'})`,
  );
}

export interface StopResult {
  /** The service that was stopped; undefined when none ran. */
  state?: ServiceState;
  forced: boolean;
}

/** SIGTERM to the supervisor, which stops its servers; past the deadline, everything is killed. */
export async function stopService(paths: DataPaths, timeoutMs = 15_000): Promise<StopResult> {
  const state = readRunningService(paths);
  if (!state) {
    killOrphans(readServiceState(paths));
    return { forced: false };
  }
  signalProcess(state.supervisor.pid, 'SIGTERM');
  const stopped = await waitFor(() => !isSameProcess(state.supervisor), timeoutMs);
  if (!stopped) {
    // The supervisor leads its process group: the servers die with it.
    signalProcess(-state.supervisor.pid, 'SIGKILL');
    signalProcess(state.supervisor.pid, 'SIGKILL');
    killOrphans(state);
    clearServiceState(paths);
  }
  return { state, forced: !stopped };
}

/** Servers left behind by a supervisor that was killed outright. */
function killOrphans(state: ServiceState | undefined): void {
  for (const server of state?.servers ?? []) if (server.pid && isSameProcess({ pid: server.pid, startTime: server.pidStartTime })) signalProcess(server.pid, 'SIGTERM');
}

/** The last lines of a log, indented, for an error message. */
export function logTail(path: string, lines = 8): string {
  const tail = readLastLines(path, lines);
  return tail.length > 0 ? `\n  last lines of ${path}:\n    ${tail.join('\n    ')}` : '';
}

