/**
 * The `ccr` command driven as a user would: spawned processes with a HOME of their own, on ports
 * found free with a port 0 probe. `cleanup()` stops whatever a test left running (the service,
 * its servers, clients) and removes the folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';

const MAIN = join(import.meta.dir, '../../src/cli/main.ts');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

export interface CliSandbox {
  root: string;
  home: string;
  /** `~/.claude-code-router` in the sandbox. */
  dataDir: string;
  /** A folder to run commands in (no config.json in it). */
  cwd: string;
  env: Record<string, string>;
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  spawn(args: string[], options?: RunOptions): Subprocess<'pipe', 'pipe', 'pipe'>;
  writeConfig(name: string, value: unknown): string;
  serviceState(): any;
  cleanup(): Promise<void>;
}

export function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

/** This process's environment without what would point ccr or Claude Code elsewhere. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(CCR_|ANTHROPIC_|CLAUDE_)/.test(name) || ['CONFIG_PATH', 'PORT', 'HOST', 'LOG_LEVEL', 'FORCE_COLOR'].includes(name)) continue;
    env[name] = value;
  }
  return env;
}

export function createSandbox(extraEnv: Record<string, string> = {}): CliSandbox {
  const root = mkdtempSync(join(tmpdir(), 'ccr-cli-'));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  const dataDir = join(home, '.claude-code-router');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(cwd);
  const env = {
    ...cleanEnv(),
    HOME: home,
    // Fast enough for tests: restarts after 100 ms, clients counted every 200 ms.
    CCR_RESTART_BASE_MS: '100',
    CCR_CLIENT_CHECK_MS: '200',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const children = new Set<Subprocess>();
  const spawnCli = (args: string[], options: RunOptions = {}) => {
    const child = Bun.spawn([process.execPath, MAIN, ...args], {
      cwd: options.cwd ?? cwd,
      env: withoutUndefined({ ...env, ...options.env }),
      stdin: options.stdin === undefined ? 'ignore' : new Blob([options.stdin]),
      stdout: 'pipe',
      stderr: 'pipe',
    }) as unknown as Subprocess<'pipe', 'pipe', 'pipe'>;
    children.add(child);
    return child;
  };
  const sandbox: CliSandbox = {
    root,
    home,
    dataDir,
    cwd,
    env,
    spawn: spawnCli,
    async run(args, options = {}) {
      const child = spawnCli(args, options);
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
      clearTimeout(timer);
      return { code, out, err };
    },
    writeConfig(name, value) {
      const path = join(dataDir, name);
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
      return path;
    },
    serviceState() {
      try {
        return JSON.parse(readFileSync(join(dataDir, 'service', 'service.json'), 'utf8'));
      } catch {
        return undefined;
      }
    },
    async cleanup() {
      await sandbox.run(['stop'], { timeoutMs: 20_000 }).catch(() => {});
      const state = sandbox.serviceState();
      const pids = [state?.supervisor?.pid, ...(state?.servers ?? []).map((server: { pid?: number }) => server.pid)].filter(Boolean) as number[];
      for (const pid of pids) kill(pid);
      for (const child of children) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  };
  return sandbox;
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

function withoutUndefined(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Polls until `check()` holds or the deadline passes; throws with `what` when it does not. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

/** Running: a zombie (exited, not yet reaped by an init that may never reap it) is not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
