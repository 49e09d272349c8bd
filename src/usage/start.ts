/**
 * Usage accounting for the server: the database in the data folder (`DATA_DIR`, default
 * `~/.claude-code-router`; a relative path is taken from the config file's folder), prices and
 * retention read from the config in effect, so a reload changes them without a restart. A database
 * that cannot be opened (a read-only folder, one written by a newer ccr) is logged and the router
 * runs without usage accounting.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dataDirOf } from '../config/data-dir';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import { openUsage, type Usage } from './open';
import { priceTableOf } from './pricing';
import { USAGE_DATABASE_FILE } from './store';

export interface StartUsageOptions {
  getRuntime: () => Runtime;
  /** The config file's folder. */
  baseDir: string;
  log: Logger;
  home?: string;
}

export type StartedUsage = { usage: Usage; path: string } | { usage?: undefined; path: string; unavailable: string };

export function usageDatabasePath(dataDir: string | undefined, baseDir: string, home: string): string {
  return join(dataDirOf({ dataDir }, baseDir, home), USAGE_DATABASE_FILE);
}

export function startUsage({ getRuntime, baseDir, log, home = homedir() }: StartUsageOptions): StartedUsage {
  const path = usageDatabasePath(getRuntime().settings.dataDir, baseDir, home);
  try {
    const usage = openUsage(path, {
      prices: () => priceTableOf(getRuntime().config),
      retentionDays: () => getRuntime().settings.usageRetentionDays,
      onError: (message, error) => log.error(error === undefined ? {} : { reason: error instanceof Error ? error.message : String(error) }, message),
    });
    log.info({ path, ...(usage.migrated.length > 0 && { migrated: usage.migrated }) }, 'usage accounting');
    return { usage, path };
  } catch (error) {
    const unavailable = `${path} could not be opened: ${error instanceof Error ? error.message : String(error)}`;
    log.error(`usage accounting is off: ${unavailable}`);
    return { path, unavailable };
  }
}
