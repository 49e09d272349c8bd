/**
 * The config file as the CLI changes it: through the configuration API's own actions
 * (src/http/admin-config-actions.ts), so a change from `ccr model`, `ccr setup` or `ccr config
 * restore` is validated as at startup, backed up to `.backups/`, written atomically with its
 * comments kept, exactly as `POST /api/config` does. A running server sees the new file through
 * its watcher and reloads.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { loadConfig, parseConfigText } from '../config/load';
import { expandPath, findConfigPath, homeConfigPath, type Env } from '../config/locate';
import { resolveSettings, type Settings } from '../config/settings';
import { ConfigError } from '../config/validate';
import { ConfigProblemsError, createConfigActions } from '../http/admin-config-actions';
import { ApiError } from '../http/errors';
import type { Runtime } from '../runtime';
import { CliError, errorMessage } from './errors';

export interface ConfigTarget {
  /** The file to read and write. */
  path: string;
  /** False when ccr runs on its embedded default: the first write creates it. */
  exists: boolean;
}

/** `--config PATH`, else the config ccr would load, else where the first one is written. */
export function configTarget(explicit: string | undefined, env: Env, cwd: string): ConfigTarget {
  const home = homedir();
  const path = explicit ? expandPath(explicit, cwd, home) : (findConfigPath(env, cwd, home)?.path ?? homeConfigPath(home));
  return { path, exists: existsSync(path) };
}

/** The file's own value (`$VAR` references as written), or undefined when there is no file. */
export async function readConfigValue(path: string): Promise<Record<string, unknown> | undefined> {
  const file = Bun.file(path);
  if (!(await file.exists())) return undefined;
  try {
    const value = parseConfigText(await file.text(), path);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${path}: the config must be a JSON object`);
    return value as Record<string, unknown>;
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.problems.join('; ')) : error;
  }
}

export function configActions(path: string, env: Env, startedWith: Settings) {
  const actions = createConfigActions({
    configPath: () => path,
    suggestedPath: path,
    // The actions read only the backup count from the runtime.
    getRuntime: () => ({ settings: startedWith }) as unknown as Runtime,
    startedWith,
    env,
    apply: () => {},
  });
  const wrap =
    <A extends unknown[], R>(action: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await action(...args);
      } catch (error) {
        throw toCliError(error);
      }
    };
  return { update: wrap(actions.update), restore: wrap(actions.restore), list: wrap(actions.list) };
}

/** The settings the file has now (the backup count, the host it listens on); defaults when it cannot be read. */
export async function currentSettings(path: string, env: Env, cwd: string): Promise<Settings> {
  try {
    return (await loadConfig({ path, env, cwd })).settings;
  } catch {
    return resolveSettings({ config: {}, env }).settings;
  }
}

function toCliError(error: unknown): Error {
  if (error instanceof ConfigProblemsError) return new CliError(`${error.message.split(' (')[0]}:\n  - ${error.problems.join('\n  - ')}`);
  if (error instanceof ApiError) return new CliError(error.message);
  return new CliError(errorMessage(error));
}
