/**
 * Where the config file lives: an explicit path from the environment, then `./config.json` when it
 * is a router config (a checkout run with `npm start`), then `~/.claude-code-router/config.json`,
 * claude-code-router's own place.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';

export type Env = Record<string, string | undefined>;

/** `CCR_CONFIG_PATH` wins over `CONFIG_PATH`, as every `CCR_*` variable wins over its plain twin. */
const CONFIG_PATH_VARIABLES = ['CCR_CONFIG_PATH', 'CONFIG_PATH'] as const;

/** claude-code-router's folder: its config, and ccr's data unless DATA_DIR says otherwise. */
export function homeDataDir(home: string): string {
  return join(home, '.claude-code-router');
}

export function homeConfigPath(home: string): string {
  return join(homeDataDir(home), 'config.json');
}

export function cwdConfigPath(cwd: string): string {
  return join(cwd, 'config.json');
}

/** The path named by `CCR_CONFIG_PATH`/`CONFIG_PATH`, resolved (`~/` and relative paths), whether or not it exists. */
function configPathFromEnv(env: Env, cwd: string, home: string): FoundConfigPath | undefined {
  for (const variable of CONFIG_PATH_VARIABLES) {
    const value = env[variable]?.trim();
    if (value) return { variable, path: expandPath(value, cwd, home) };
  }
  return undefined;
}

export interface FoundConfigPath {
  path: string;
  /** The environment variable that named the path, when one did. */
  variable?: string;
}

/**
 * The config file to load, or undefined if none of the usual places holds one. A path set in the
 * environment is returned whether or not it exists, never silently replaced by another file: the
 * caller reports it missing.
 */
export function findConfigPath(env: Env, cwd: string, home: string): FoundConfigPath | undefined {
  const fromEnv = configPathFromEnv(env, cwd, home);
  if (fromEnv) return fromEnv;
  if (isRouterConfig(cwdConfigPath(cwd))) return { path: cwdConfigPath(cwd) };
  return isFile(homeConfigPath(home)) ? { path: homeConfigPath(home) } : undefined;
}

/**
 * Keys only a router config has. `ccr code` and `ccr statusline` run in the user's projects, and a
 * project's own config.json (an app's settings) must not stand in for the router's.
 */
const ROUTER_KEYS = ['Providers', 'Router', 'APIKEY'];

function isRouterConfig(path: string): boolean {
  if (!isFile(path)) return false;
  try {
    const value: unknown = parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && ROUTER_KEYS.some((key) => key in value);
  } catch {
    return false;
  }
}

export function expandPath(path: string, cwd: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
