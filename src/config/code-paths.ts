/**
 * The admin API's hard rule: code ccr loads (`transformers[].path`, `CUSTOM_ROUTER_PATH`) is added
 * by a person editing the file, never by a config sent over HTTP. A posted (or restored) config
 * may keep, drop or reorder the modules the file on disk already names, not name another one.
 * Paths are compared as ccr would load them: `$VAR` replaced, `~/` and relative paths resolved
 * against the config's folder. Pure.
 */
import { resolve } from 'node:path';
import { interpolateString } from './interpolate';
import { expandPath, type Env } from './locate';

export type CodeRole = 'transformer' | 'custom router';

export interface CodePath {
  role: CodeRole;
  /** The JSON path naming it, e.g. `transformers[1].path`. */
  at: string;
  /** The file ccr would import. */
  file: string;
}

export interface PathContext {
  env: Env;
  /** The config file's folder, where relative paths are resolved. */
  baseDir: string;
  home: string;
}

export function codePathsOf(config: unknown, context: PathContext): CodePath[] {
  if (!isRecord(config)) return [];
  const paths: CodePath[] = [];
  const add = (role: CodeRole, at: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const file = resolve(expandPath(interpolateString(value, context.env), context.baseDir, context.home));
    paths.push({ role, at, file });
  };
  if (Array.isArray(config.transformers)) {
    config.transformers.forEach((entry, index) => {
      if (isRecord(entry)) add('transformer', `transformers[${index}].path`, entry.path);
    });
  }
  add('custom router', 'CUSTOM_ROUTER_PATH', config.CUSTOM_ROUTER_PATH);
  return paths;
}

/** One line per module `next` would load in a role where `onDisk` names no such file. */
export function introducedCodePaths(next: unknown, onDisk: unknown, context: PathContext): string[] {
  const allowed = new Set(codePathsOf(onDisk, context).map(({ role, file }) => `${role}\0${file}`));
  return codePathsOf(next, context)
    .filter(({ role, file }) => !allowed.has(`${role}\0${file}`))
    .map(({ role, at, file }) => `${at}: ${role} module ${file} is not named in the config file on disk; only an edit of the file can add code to load`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
