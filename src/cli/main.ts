/**
 * `ccr <command>`: start (foreground, or --daemon), stop, status, code (run Claude Code through
 * the router), test (send one small request through it), version, help.
 */
import { loadDotEnv } from '../env';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { loadConfig } from '../config/load';
import type { Settings } from '../config/settings';
import { daemonLogFile, pidFile } from './paths';

const HELP = `ccr ${pkg.version} — route Claude Code to any model provider

Usage: ccr <command>
  start [--daemon]   start the router (in the foreground; --daemon: in the background)
  stop               stop the background router
  restart            stop, then start in the background
  status             is the router up? (asks GET /health)
  code [args…]       run Claude Code through the router (starts it in the background if needed)
  test [model]       send one short request through the router and print the answer
  version            print the version

Config: CONFIG_PATH, ./config.json or ~/.claude-code-router/config.json (see config.example.json).`;

async function settings(): Promise<Settings> {
  try {
    return (await loadConfig({ env: process.env })).settings;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

const baseUrl = (s: Settings) => `http://${s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host}:${s.port}`;

async function isUp(s: Settings): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl(s)}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function readPid(): number | undefined {
  if (!existsSync(pidFile())) return undefined;
  const pid = Number(readFileSync(pidFile(), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    rmSync(pidFile(), { force: true });
    return undefined;
  }
}

async function startDaemon(s: Settings): Promise<void> {
  if (await isUp(s)) return void console.log(`ccr is already running at ${baseUrl(s)}`);
  mkdirSync(dirname(pidFile()), { recursive: true });
  const out = openSync(daemonLogFile(), 'a');
  // This same CLI, in the foreground: the bundle or the sources, whichever is running now.
  const child = spawn(process.execPath, [process.argv[1], 'start'], { detached: true, stdio: ['ignore', out, out], env: process.env });
  closeSync(out);
  writeFileSync(pidFile(), String(child.pid));
  child.unref();
  for (let i = 0; i < 50; i++) {
    if (await isUp(s)) return void console.log(`ccr started at ${baseUrl(s)} (pid ${child.pid}; output in ${daemonLogFile()})`);
    await Bun.sleep(100);
  }
  console.error(`ccr did not come up; see ${daemonLogFile()}`);
  process.exit(1);
}

async function stop(): Promise<void> {
  const pid = readPid();
  if (!pid) return void console.log('ccr is not running in the background');
  process.kill(pid, 'SIGTERM');
  rmSync(pidFile(), { force: true });
  console.log(`ccr stopped (pid ${pid})`);
}

async function status(s: Settings): Promise<void> {
  try {
    const response = await fetch(`${baseUrl(s)}/health`, { signal: AbortSignal.timeout(2000) });
    const health = (await response.json()) as { version: string; uptime: number };
    console.log(`ccr ${health.version} is running at ${baseUrl(s)}, up ${health.uptime} s${readPid() ? ` (pid ${readPid()})` : ''}`);
  } catch {
    console.log(`ccr is not running at ${baseUrl(s)}`);
    process.exitCode = 1;
  }
}

async function code(s: Settings, args: string[]): Promise<void> {
  await startDaemon(s);
  const env: Record<string, string | undefined> = {
    ...process.env,
    ANTHROPIC_BASE_URL: baseUrl(s),
    ANTHROPIC_AUTH_TOKEN: s.apiKey ?? 'ccr',
    API_TIMEOUT_MS: String(s.timeoutMs),
    DISABLE_TELEMETRY: 'true',
    DISABLE_COST_WARNINGS: 'true',
  };
  delete env.ANTHROPIC_API_KEY;
  const claude = spawn(process.env.CLAUDE_PATH ?? 'claude', args, { stdio: 'inherit', env });
  claude.on('error', () => {
    console.error('Claude Code was not found: install it with `npm install -g @anthropic-ai/claude-code`, or set CLAUDE_PATH.');
    process.exit(1);
  });
  claude.on('exit', (exitCode) => process.exit(exitCode ?? 0));
}

async function test(s: Settings, model = 'claude-sonnet-4-5'): Promise<void> {
  const response = await fetch(`${baseUrl(s)}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...(s.apiKey ? { 'x-api-key': s.apiKey } : {}) },
    body: JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Say "ccr works" and nothing else.' }] }),
  }).catch((error: Error) => {
    console.error(`ccr is not reachable at ${baseUrl(s)}: ${error.message}. Start it with \`ccr start\`.`);
    process.exit(1);
  });
  const body = (await response.json()) as { content?: Array<{ type: string; text?: string }>; error?: { message: string } };
  console.log(`route: ${response.headers.get('x-ccr-route') ?? '(none)'}  status: ${response.status}`);
  if (!response.ok) {
    console.error(body.error?.message ?? JSON.stringify(body));
    process.exit(1);
  }
  console.log(body.content?.map((block) => block.text ?? `[${block.type}]`).join('') ?? '');
}

await loadDotEnv();
const [command = 'help', ...rest] = process.argv.slice(2);
switch (command) {
  case 'start':
    if (rest.includes('--daemon') || rest.includes('-d')) await startDaemon(await settings());
    else await import('../index');
    break;
  case 'stop':
    await stop();
    break;
  case 'restart':
    await stop();
    await Bun.sleep(300);
    await startDaemon(await settings());
    break;
  case 'status':
    await status(await settings());
    break;
  case 'code':
    await code(await settings(), rest);
    break;
  case 'test':
    await test(await settings(), rest[0]);
    break;
  case 'version':
  case '--version':
  case '-v':
    console.log(pkg.version);
    break;
  case 'help':
  case '--help':
  case '-h':
    console.log(HELP);
    break;
  default:
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    process.exit(2);
}
