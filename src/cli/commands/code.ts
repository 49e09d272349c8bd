/**
 * `ccr code [args…]`: Claude Code through the router. The service is started if nothing answers
 * yet; a service started this way is reference counted (one file per `ccr code` in
 * service/clients/) and stops when the last one exits, while one started with `ccr start` stays.
 * A killed `ccr code` leaves a file whose process is gone: it is pruned, and the supervisor,
 * which counts the clients itself every second, stops the service all the same.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { loadConfig } from '../../config/load';
import { claudeEnvironment, CLAUDE_ENV_REMOVED } from '../claude-env';
import type { CommandContext } from '../command';
import { CliError } from '../errors';
import { clients, withLock } from '../pid-files';
import { ensureService, stopService } from '../service-control';
import { readRunningService } from '../service-state';
import { resolveServerSpecs, serverUrl } from '../servers';

export const help = `Usage: ccr code [claude arguments…]

Runs Claude Code (\`claude\`) through the router, with every argument and stdin passed on, and
exits with its exit code. The router is started in the background if it does not answer yet;
started this way, it stops when the last \`ccr code\` exits (one started by \`ccr start\` stays).

Claude Code gets ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN (the config's APIKEY, or a
placeholder), API_TIMEOUT_MS and DISABLE_TELEMETRY. The binary: CLAUDE_PATH in the environment
or the config, else \`claude\` on PATH. Claude Code's own help: ccr code -- --help`;

const INSTALL_HINT = 'install it with `npm install -g @anthropic-ai/claude-code` (see https://docs.anthropic.com/en/docs/claude-code/setup), or point CLAUDE_PATH at it';

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { env, cwd, paths } = context;
  const specs = await resolveServerSpecs({ env, cwd });
  const main = specs[0];
  const { settings, config } = await loadConfig({ ...(main.configPath && { path: main.configPath }), env, cwd });
  const claude = findClaude(env, config.CLAUDE_PATH, cwd);
  const url = serverUrl(main);

  await withLock(paths.lockFile, async () => {
    clients.register(paths.clientsDir);
    try {
      await ensureService({ specs, origin: 'code', paths, env, cwd }, url);
    } catch (error) {
      clients.unregister(paths.clientsDir);
      throw error;
    }
  });
  try {
    return await runClaude(claude, args, { ...withoutRemoved(env), ...claudeEnvironment(url, settings) }, cwd);
  } finally {
    await release(context);
  }
}

/** This client leaves; a service started for `ccr code` stops when none is left. */
async function release({ paths }: CommandContext): Promise<void> {
  await withLock(paths.lockFile, async () => {
    clients.unregister(paths.clientsDir);
    const service = readRunningService(paths);
    if (service?.origin !== 'code' || existsSync(paths.pinnedFile)) return;
    if (clients.live(paths.clientsDir).length === 0) await stopService(paths);
  });
}

function runClaude(binary: string, args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(binary, args, { stdio: 'inherit', env, cwd });
    // Ctrl-C reaches Claude Code itself (same terminal, same process group): ccr waits for it to
    // exit. A signal sent to ccr alone is passed on.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
      const handler = signal === 'SIGINT' ? () => {} : forward(signal);
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    const cleanup = () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
    child.on('error', (error) => {
      cleanup();
      reject(new CliError(`could not run Claude Code at ${binary}: ${error.message}; ${INSTALL_HINT}`, 127));
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolveExit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
    });
  });
}

/** CLAUDE_PATH (environment, then config), else `claude` on PATH. */
export function findClaude(env: CommandContext['env'], configured: string | undefined, cwd: string): string {
  const named = env.CLAUDE_PATH?.trim() || configured?.trim();
  if (named) {
    const path = named.includes('/') ? (isAbsolute(named) ? named : resolve(cwd, named)) : Bun.which(named, { PATH: env.PATH ?? '' });
    if (path && existsSync(path)) return path;
    throw new CliError(`Claude Code was not found at CLAUDE_PATH "${named}"; ${INSTALL_HINT}`, 127);
  }
  const found = Bun.which('claude', { PATH: env.PATH ?? '' });
  if (!found) throw new CliError(`Claude Code is not installed (no \`claude\` on PATH); ${INSTALL_HINT}`, 127);
  return found;
}

function withoutRemoved(env: CommandContext['env']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  for (const name of [...CLAUDE_ENV_REMOVED, 'CCR_NODE', 'CCR_BIN']) delete result[name];
  return result;
}
