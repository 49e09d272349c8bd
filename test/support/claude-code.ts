/**
 * The real Claude Code, for the tests that let it judge ccr. It is installed from npm on first use
 * into a git-ignored cache (.cache/claude-code/<version>/), never as a dependency: its native binary
 * is some 400 MB, and a user running `npm install && npm start` has Claude Code already.
 * Upgrading: bump CLAUDE_CODE_VERSION, run `npm run capture:claude-code`, run the tests.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The version the suite verifies; README names it. */
export const CLAUDE_CODE_VERSION = '2.1.332';

const ROOT = join(import.meta.dir, '../..');
const CACHE = join(ROOT, '.cache', 'claude-code');

/** Where the platform's native binary lands (the wrapper package's postinstall would copy it; scripts are not run). */
function binaryIn(folder: string): string | undefined {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const candidates = process.platform === 'linux' ? [`linux-${arch}`, `linux-${arch}-musl`] : [`${process.platform}-${arch}`];
  for (const platform of candidates) {
    const binary = join(folder, 'node_modules', '@anthropic-ai', `claude-code-${platform}`, process.platform === 'win32' ? 'claude.exe' : 'claude');
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

let installing: Promise<string> | undefined;

/** The path of the `claude` binary, installed first if the cache does not hold it. */
export function installClaudeCode(version = CLAUDE_CODE_VERSION): Promise<string> {
  return (installing ??= install(version));
}

async function install(version: string): Promise<string> {
  const folder = join(CACHE, version);
  const cached = binaryIn(folder);
  if (cached) return cached;
  mkdirSync(CACHE, { recursive: true });
  // Installed aside, then renamed into place: a run killed halfway leaves no half-installed cache.
  const staging = mkdtempSync(join(CACHE, `.${version}-`));
  const npm = Bun.spawn(
    ['npm', 'install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `@anthropic-ai/claude-code@${version}`],
    { stdout: 'pipe', stderr: 'pipe', env: { ...process.env, npm_config_yes: 'true' } },
  );
  const [exitCode, stderr] = await Promise.all([npm.exited, new Response(npm.stderr).text()]);
  if (exitCode !== 0 || !binaryIn(staging)) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`could not install @anthropic-ai/claude-code@${version} from npm (exit ${exitCode}): ${stderr.trim()}`);
  }
  try {
    renameSync(staging, folder);
  } catch {
    // Another run installed it meanwhile.
    rmSync(staging, { recursive: true, force: true });
  }
  return binaryIn(folder)!;
}

export interface ClaudeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** `--output-format json`'s result object, when stdout held one. */
  result: { is_error?: boolean; result?: string; subtype?: string; num_turns?: number; api_error_status?: number | null } | undefined;
  timedOut: boolean;
}

export interface ClaudeOptions {
  binary: string;
  /** The folder Claude Code works in. */
  cwd: string;
  /** A HOME of its own, so nothing of the machine's Claude Code settings leaks in. */
  home: string;
  args: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The environment Claude Code gets: this process's, minus anything that would reach Anthropic or a real account. */
export function claudeEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('ANTHROPIC_') && !name.startsWith('CLAUDE_')) env[name] = value;
  }
  return {
    ...env,
    HOME: home,
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Root may skip permissions only inside a sandbox; CI and these machines run tests as root.
    ...(process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}),
    ...extra,
  };
}

/** Runs `claude` headless and waits for it, killing it past the timeout. */
export async function runClaude(options: ClaudeOptions): Promise<ClaudeRun> {
  const child = Bun.spawn([options.binary, ...options.args], {
    cwd: options.cwd,
    env: claudeEnv(options.home, options.env),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 45_000);
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  clearTimeout(timer);
  return { exitCode, stdout, stderr, result: parseResult(stdout), timedOut };
}

function parseResult(stdout: string): ClaudeRun['result'] {
  const line = stdout.trim().split('\n').at(-1);
  if (!line?.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A fresh HOME and project folder for one run. */
export function claudeWorkspace(): { home: string; project: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'ccr-claude-'));
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(home);
  mkdirSync(project);
  return { home, project, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * The arguments of a headless run: print mode, JSON result, no permission prompts, a bounded loop.
 * Claude Code's own default model unless one is named: it decides the request's shape (system
 * messages inside `messages` come with the newest models only).
 */
export function headlessArgs(prompt: string, model?: string): string[] {
  return ['-p', prompt, '--output-format', 'json', '--dangerously-skip-permissions', '--max-turns', '8', ...(model ? ['--model', model] : [])];
}
