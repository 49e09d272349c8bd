/**
 * Where ccr keeps what it writes: the data folder (`DATA_DIR`, default `~/.claude-code-router`, the
 * config's own folder for claude-code-router users; a relative path is taken from the config file's
 * folder) holds the usage database and, unless `LOG_DIR` says otherwise, the log files under `logs/`.
 * Never the current working directory: a container's is read-only to its user. Pure.
 */
import { join } from 'node:path';
import { expandPath, homeDataDir } from './locate';
import type { Settings } from './settings';

export function dataDirOf(settings: Pick<Settings, 'dataDir'>, baseDir: string, home: string): string {
  return settings.dataDir ? expandPath(settings.dataDir, baseDir, home) : homeDataDir(home);
}

export function logDirOf(settings: Pick<Settings, 'dataDir' | 'logDir'>, baseDir: string, home: string): string {
  return settings.logDir ? expandPath(settings.logDir, baseDir, home) : join(dataDirOf(settings, baseDir, home), 'logs');
}
