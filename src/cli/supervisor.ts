/**
 * The supervisor: runs each server of a service as a child process, restarts one that exits
 * without being asked to (supervisor-policy.ts), keeps service.json current, and stops them all on
 * SIGTERM/SIGINT/SIGHUP. Behind `ccr start --daemon` it runs detached, its own output going to
 * logs/supervisor.log and each server's to logs/server-<name>.log; in the foreground (several
 * configs without --daemon) server lines reach the terminal prefixed with the server's name.
 * A service started by `ccr code` also stops itself once no `ccr code` client is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Env } from '../config/locate';
import { errorMessage } from './errors';
import { serverLogFile, type DataPaths } from './paths';
import { clients, withLock, writePidRecord } from './pid-files';
import { describePortOwner, findPortOwner, isPortFree } from './port-owner';
import { recordOf, waitFor } from './process-info';
import { clearServiceState, writeServiceState, type ServerState, type ServiceOrigin, type ServiceState } from './service-state';
import { serverUrl, type ServerSpec } from './servers';
import { decideRestart, type RestartPolicy } from './supervisor-policy';

export interface SupervisorOptions {
  specs: ServerSpec[];
  origin: ServiceOrigin;
  paths: DataPaths;
  /** The command line that runs one server (this CLI's `__serve`). */
  serverCommand: string[];
  env: Env;
  cwd: string;
  version: string;
  policy: RestartPolicy;
  /** Server output to this process's stdout, prefixed, instead of log files. */
  foreground: boolean;
  /** How often a service started by `ccr code` counts its clients. */
  clientCheckMs: number;
  /** Where the supervisor's own lines go. */
  say?: (line: string) => void;
}

/** How long servers get to finish in-flight streams after SIGTERM before they are killed. */
const STOP_GRACE_MS = 10_000;
const HEALTH_TIMEOUT_MS = 60_000;

/** Runs until every server is stopped or given up on; resolves with the exit code for the supervisor. */
export function runSupervisor(options: SupervisorOptions): Promise<number> {
  const { paths, policy } = options;
  const say = options.say ?? ((line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
  mkdirSync(paths.logsDir, { recursive: true, mode: 0o700 });
  mkdirSync(paths.serviceDir, { recursive: true, mode: 0o700 });

  const state: ServiceState = {
    supervisor: recordOf(process.pid),
    version: options.version,
    origin: options.origin,
    startedAt: new Date().toISOString(),
    cwd: options.cwd,
    servers: options.specs.map((spec) => ({ ...spec, log: serverLogFile(paths, spec.name), status: 'starting', restarts: 0 })),
  };
  const children = new Map<string, ChildProcess>();
  const crashes = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopping = false;
  let finished = false;
  let resolveDone: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const save = () => {
    if (!finished) writeServiceState(paths, state);
  };

  writePidRecord(paths.pidFile, state.supervisor);
  save();
  say(`supervisor ${process.pid} starting ${state.servers.map((server) => `${server.name} on ${serverUrl(server)}`).join(', ')} (ccr ${options.version}, started by \`ccr ${options.origin}\`)`);

  function start(server: ServerState): void {
    const output = options.foreground ? 'pipe' : openSync(server.log, 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(options.serverCommand[0], options.serverCommand.slice(1), {
        cwd: options.cwd,
        env: serverEnv(options.env, server),
        stdio: ['ignore', output, output],
        // In the foreground the terminal's Ctrl-C must reach the supervisor alone, which then
        // stops the servers; a server stopped first would look like a crash.
        detached: options.foreground,
      });
    } finally {
      if (typeof output === 'number') closeSync(output);
    }
    if (options.foreground) prefixLines(child, server.name);
    children.set(server.name, child);
    const startedAt = Date.now();
    Object.assign(server, { pid: child.pid, pidStartTime: child.pid === undefined ? undefined : recordOf(child.pid).startTime, startedAt: new Date(startedAt).toISOString(), status: 'starting' as const });
    save();
    void markRunningWhenHealthy(server, child);
    child.on('error', (error) => say(`[${server.name}] could not be started: ${error.message}`));
    child.on('exit', (code, signal) => onExit(server, child, code, signal, Date.now() - startedAt));
  }

  async function markRunningWhenHealthy(server: ServerState, child: ChildProcess): Promise<void> {
    const healthy = await waitFor(
      async () => child.exitCode !== null || child.signalCode !== null || (await isHealthy(serverUrl(server))),
      HEALTH_TIMEOUT_MS,
      50,
    );
    if (healthy && children.get(server.name) === child && child.exitCode === null && child.signalCode === null && !stopping) {
      server.status = 'running';
      save();
      say(`[${server.name}] pid ${child.pid} listening on ${serverUrl(server)}`);
    }
  }

  function onExit(server: ServerState, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, ranForMs: number): void {
    if (children.get(server.name) !== child) return;
    children.delete(server.name);
    server.lastExit = { code, signal, at: new Date().toISOString() };
    delete server.pid;
    delete server.pidStartTime;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (stopping) {
      server.status = 'stopped';
      save();
      return;
    }
    const decision = decideRestart(crashes.get(server.name) ?? 0, ranForMs, policy);
    crashes.set(server.name, decision.crashes);
    if (decision.action === 'restart') {
      server.status = 'restarting';
      server.restarts++;
      save();
      say(`[${server.name}] ${how} after ${(ranForMs / 1000).toFixed(1)} s; restarting in ${(decision.delayMs / 1000).toFixed(1)} s (restart ${decision.crashes} of at most ${policy.maxRestarts} in a row)`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) start(server);
      }, decision.delayMs);
      timers.add(timer);
      return;
    }
    const holder = portHolder(server);
    server.status = 'failed';
    server.failure = `${decision.reason}; it last ${how}${holder ? `; port ${server.port} is held by ${holder}` : ''}; see ${server.log}`;
    save();
    say(`[${server.name}] giving up: ${server.failure}`);
    if (state.servers.every((each) => each.status === 'failed' || each.status === 'stopped')) void finish(1);
  }

  function portHolder(server: ServerState): string | undefined {
    try {
      return isPortFree(server.host, server.port) ? undefined : describePortOwner(findPortOwner(server.port));
    } catch {
      return undefined;
    }
  }

  async function stopAll(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    say(`stopping (${reason})`);
    for (const child of children.values()) child.kill('SIGTERM');
    const exited = await waitFor(() => children.size === 0, STOP_GRACE_MS);
    if (!exited) for (const child of children.values()) child.kill('SIGKILL');
    await waitFor(() => children.size === 0, 2_000);
  }

  async function finish(code: number): Promise<void> {
    if (finished) return;
    await stopAll(code === 0 ? 'asked to' : 'every server failed');
    if (code === 0) {
      clearServiceState(paths);
    } else {
      // Kept for `ccr status`, which reports why; the pid file goes, the service is not running.
      save();
      rmSync(paths.pidFile, { force: true });
    }
    finished = true;
    say(code === 0 ? 'stopped' : 'stopped: every server failed');
    resolveDone(code);
  }

  // A second signal (Ctrl-C again) does not wait for in-flight streams.
  let signals = 0;
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (++signals > 1) {
        for (const child of children.values()) child.kill('SIGKILL');
        clearServiceState(paths);
        process.exit(130);
      }
      void finish(0);
    });
  }

  if (options.origin === 'code') watchClients();
  function watchClients(): void {
    let checking = false;
    const timer = setInterval(async () => {
      if (checking || stopping) return;
      checking = true;
      try {
        await withLock(paths.lockFile, async () => {
          if (stopping || existsSync(paths.pinnedFile) || clients.live(paths.clientsDir).length > 0) return;
          say('the last `ccr code` client has gone');
          await finish(0);
        });
      } catch (error) {
        say(`could not count the \`ccr code\` clients: ${errorMessage(error)}`);
      } finally {
        checking = false;
      }
    }, options.clientCheckMs);
    void done.then(() => clearInterval(timer));
  }

  for (const server of state.servers) start(server);
  return done;
}

/** The server's environment: its config, port and host named by the `CCR_*` variables, which win. */
export function serverEnv(env: Env, spec: ServerSpec): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  delete result.CONFIG_PATH;
  delete result.CCR_CONFIG_PATH;
  if (spec.configPath) result.CCR_CONFIG_PATH = spec.configPath;
  result.CCR_PORT = String(spec.port);
  if (spec.hostFlag) result.CCR_HOST = spec.hostFlag;
  // Read by Bun at startup only: without it fetch holds at most 256 upstream requests at once.
  result.BUN_CONFIG_MAX_HTTP_REQUESTS ||= '4096';
  return result;
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

function prefixLines(child: ChildProcess, name: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
}
