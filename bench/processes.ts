/**
 * The benchmark's child processes: the mock upstream, the bare proxy, the naive proxy and ccr, each
 * its own Bun process started with BUN_CONFIG_MAX_HTTP_REQUESTS. Every child is killed when the
 * runner exits, fails or is interrupted, and ends itself if the runner dies without cleaning up.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { buildBundle, bundleEntry } from '../bin/build.js';

export const MAX_HTTP_REQUESTS = '4096';
const BUN = process.execPath;
const ROOT = join(import.meta.dir, '..');

export interface Child {
  name: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

const children = new Set<Subprocess>();
const cleanups: (() => void)[] = [];

function killAll(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {}
  }
  children.clear();
  for (const cleanup of cleanups.splice(0)) cleanup();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    BUN_CONFIG_MAX_HTTP_REQUESTS: MAX_HTTP_REQUESTS,
    BENCH_PARENT_PID: String(process.pid),
    ...extra,
  };
}

function track(name: string, proc: Subprocess, url: string): Child {
  children.add(proc);
  return {
    name,
    pid: proc.pid,
    url,
    async stop() {
      children.delete(proc);
      proc.kill('SIGTERM');
      const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(5000).then(() => false)]);
      if (!exited) proc.kill('SIGKILL');
    },
  };
}

/** Starts a bench script that prints `{"port":N}` as its first stdout line. */
async function startPortPrinter(name: string, script: string, env: Record<string, string>, scheme = 'http'): Promise<Child> {
  const proc = Bun.spawn([BUN, join(import.meta.dir, script)], { env: childEnv(env), stdout: 'pipe', stderr: 'inherit', cwd: ROOT });
  const reader = proc.stdout.getReader();
  let text = '';
  const deadline = Date.now() + 10_000;
  while (!text.includes('\n')) {
    if (Date.now() > deadline) throw new Error(`${name} did not print its port within 10 s`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`${name} exited before printing its port`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const { port } = JSON.parse(text.slice(0, text.indexOf('\n'))) as { port: number };
  return track(name, proc, `${scheme}://127.0.0.1:${port}`);
}

/** The mock upstream; over HTTPS when given a certificate (which every process must trust: NODE_EXTRA_CA_CERTS). */
export const startMock = (tls?: { certPath: string; keyPath: string }) =>
  tls ? startPortPrinter('mock', 'mock-upstream.ts', { MOCK_PORT: '0', MOCK_TLS_CERT: tls.certPath, MOCK_TLS_KEY: tls.keyPath }, 'https') : startPortPrinter('mock', 'mock-upstream.ts', { MOCK_PORT: '0' });
export const startBareProxy = (upstream: string) => startPortPrinter('bare', 'bare-proxy.ts', { BARE_PORT: '0', BARE_UPSTREAM: upstream });
export const startNaiveProxy = (upstream: string) => startPortPrinter('naive', 'naive-proxy.ts', { NAIVE_PORT: '0', NAIVE_UPSTREAM: upstream });

/** A port nothing listens on right now: ccr prints nothing when silent, so we choose its port. */
export function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

/** The working tree bundled as `npm start` runs it, with a temporary config pointing at the mock. */
export interface CcrBuild {
  dir: string;
  configPath: string;
  bundle: string;
}

/**
 * Bundles the working tree (`bin/build.js`'s way) once per run, with a temporary config: one
 * provider, `mock`, pointing at the mock upstream. Each `startCcr` starts a process of it.
 * `tree` bundles another checkout instead, with its own bin/build.js (a baseline to compare with).
 */
export async function buildCcr(mockUrl: string, tree = ROOT): Promise<CcrBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'config.json');
  const config = {
    LOG: false,
    Providers: [{ name: 'mock', api_base_url: `${mockUrl}/v1/chat/completions`, api_key: 'bench-key', models: ['fast'] }],
    Router: { default: 'mock,fast' },
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const bundle = join(dir, 'dist');
  const build: typeof buildBundle = tree === ROOT ? buildBundle : (await import(join(tree, 'bin', 'build.js'))).buildBundle;
  const buildError = build(BUN, bundle);
  if (buildError) throw new Error(`bundling ccr (${tree}) failed: ${buildError}`);
  return { dir, configPath, bundle };
}

export interface CcrOptions {
  /** Directory for `bun --cpu-prof` output; no profiling when absent. */
  cpuProfDir?: string;
}

/** A ccr process of `build`, as `npm start` runs it. */
export async function startCcr(build: CcrBuild, options: CcrOptions = {}): Promise<Child> {
  const port = freePort();
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, '--cpu-prof-md'] : [];
  const proc = Bun.spawn([BUN, ...profile, '--preload', join(import.meta.dir, 'exit-with-parent.ts'), bundleEntry(build.bundle), 'start'], {
    env: childEnv({
      CONFIG_PATH: build.configPath,
      PORT: String(port),
      HOST: '127.0.0.1',
      // ccr's default: one line per request. The targets must hold with logging on.
      LOG_LEVEL: 'info',
      BENCH_PRELOAD_EXIT_WITH_PARENT: '1',
    }),
    // Into a file, as `ccr start --daemon` writes them: the lines are written, not shown.
    stdout: Bun.file(join(build.dir, `ccr-${port}.log`)),
    stderr: 'inherit',
    cwd: build.dir,
  });
  const child = track('ccr', proc, `http://127.0.0.1:${port}`);
  await waitForHealth(child.url, proc);
  return child;
}

/** Resolves once `origin`/health answers 200; throws if the process exits first or 15 s pass. */
export async function waitForHealth(origin: string, proc: Subprocess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${origin}: the process exited with code ${proc.exitCode} during startup`);
    try {
      const response = await fetch(`${origin}/health`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${origin} did not answer /health within 15 s`);
    await Bun.sleep(50);
  }
}

export interface Memory {
  rssMB: number;
  hwmMB: number;
}

/** VmRSS and VmHWM (peak RSS since start or since the last resetPeak) from /proc. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) the process has used so far, in milliseconds. */
export const cpuMsOf = (pid: number): number => cpuMsIn(`/proc/${pid}/stat`);

/**
 * CPU time of the process's main thread alone (the one whose id is the process id): the thread
 * that runs JavaScript. A proxy on fetch also spends CPU on Bun's HTTP thread, which does the
 * socket and TLS work; on a busy 2-core machine the busiest thread is what limits a closed loop.
 */
export const mainThreadCpuMsOf = (pid: number): number => cpuMsIn(`/proc/${pid}/task/${pid}/stat`);

function cpuMsIn(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The machine's CPU time so far, in ticks of all CPUs together, and the part of it the hypervisor
 * gave to other guests ("steal", /proc/stat). On a shared host the share stolen during a run says
 * how busy the host was.
 */
export function hostCpuTicks(): HostTicks {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  // cpu user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: ticks.reduce((sum, n) => sum + n, 0), steal: ticks[7] ?? 0 };
}

export interface HostTicks {
  total: number;
  steal: number;
}

/** The share of the machine's CPU time stolen between two readings of hostCpuTicks. */
export const stealShare = (before: HostTicks, after: HostTicks): number =>
  after.total > before.total ? (after.steal - before.steal) / (after.total - before.total) : 0;

/** USER_HZ: 100 on every Linux architecture Bun runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs). False if not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
