/**
 * The effective server settings: the file's values, overridden by the environment (`CCR_*` wins
 * over the plain name), normalized, with defaults. Pure: no I/O.
 */
import type { Static } from '@sinclair/typebox';
import type { Env } from './locate';
import { LogLevel, type Config } from './schema';
import { parsePort } from './validate';

export type LogLevelName = Static<typeof LogLevel>;

export interface Settings {
  host: string;
  port: number;
  apiKey?: string;
  logLevel: LogLevelName;
  logToFile: boolean;
  /** Silence allowed from a provider before its response headers (API_TIMEOUT_MS). */
  timeoutMs: number;
  /** Silence allowed between two chunks of a streamed answer (STREAM_IDLE_TIMEOUT_MS; default API_TIMEOUT_MS). */
  streamIdleTimeoutMs: number;
  /** No new attempt (another key, another target) starts this long after the request arrived (RETRY_DEADLINE_MS; default API_TIMEOUT_MS). */
  retryDeadlineMs: number;
  proxyUrl?: string;
  bodyLimitBytes: number;
  /** Backups of the config file kept by the admin API, newest first (`CONFIG_BACKUPS`). */
  configBackups: number;
  /** True when no APIKEY is set (and no ALLOW_NO_APIKEY): HOST is then ignored and the router listens on 127.0.0.1 only. */
  hostForcedLocal: boolean;
  /** The HOST asked for and ignored because no APIKEY is set (the router listens on 127.0.0.1 instead). */
  hostIgnored?: string;
  /** Log files' folder as written (`LOG_DIR`); absent: `logs/` in the data folder (data-dir.ts). */
  logDir?: string;
  /** The data folder as written (`CCR_DATA_DIR`/`DATA_DIR` over the file's `DATA_DIR`); absent: `~/.claude-code-router`. */
  dataDir?: string;
  /** Usage records older than this many days are pruned. */
  usageRetentionDays: number;
}

/** claude-code-router's port, so Claude Code setups pointing at it keep working. */
const DEFAULT_PORT = 3456;
const LOCAL_HOST = '127.0.0.1';
const DEFAULT_TIMEOUT_MS = 600_000;
/** Claude Code sends screenshots as base64 images: bodies of several MiB are ordinary. */
const DEFAULT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const DEFAULT_LOG_LEVEL: LogLevelName = 'info';
const DEFAULT_CONFIG_BACKUPS = 20;
/** A quarter of a year of usage: enough to compare months, small enough to stay a few tens of MB. */
const DEFAULT_USAGE_RETENTION_DAYS = 90;

const LOG_LEVELS: readonly string[] = LogLevel.anyOf.map((literal) => literal.const);
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

export interface SettingsResult {
  settings: Settings;
  errors: string[];
  warnings: string[];
}

export interface SettingsInput {
  config: Config;
  env: Env;
  /** Config paths whose strings kept an unset `$VAR`: an APIKEY among them is not a usable key. */
  unsetPaths?: ReadonlySet<string>;
}

export function resolveSettings({ config, env, unsetPaths = new Set() }: SettingsInput): SettingsResult {
  if (config === null || typeof config !== 'object') config = {};
  const errors: string[] = [];
  const warnings: string[] = [];

  const portOverride = fromEnv(env, 'PORT');
  let port = parsePort(config.PORT) ?? DEFAULT_PORT;
  if (portOverride) {
    const parsed = parsePort(portOverride.value);
    if (parsed === undefined) errors.push(`environment ${portOverride.variable}: "${portOverride.value}" is not a port number (0-65535)`);
    else port = parsed;
  }

  const levelOverride = fromEnv(env, 'LOG_LEVEL');
  let logLevel = LOG_LEVELS.includes(config.LOG_LEVEL as string) ? (config.LOG_LEVEL as LogLevelName) : DEFAULT_LOG_LEVEL;
  if (levelOverride) {
    const level = levelOverride.value.trim().toLowerCase();
    if (LOG_LEVELS.includes(level)) logLevel = level as LogLevelName;
    else errors.push(`environment ${levelOverride.variable}: "${levelOverride.value}" is not one of ${LOG_LEVELS.join(', ')}`);
  }

  const apiKey = resolveApiKey(config, env, unsetPaths, warnings);
  const allowNoApiKey = config.ALLOW_NO_APIKEY === true || /^(1|true|yes)$/i.test(fromEnv(env, 'ALLOW_NO_APIKEY')?.value.trim() ?? '');
  const proxyUrl = text(config.PROXY_URL);
  const dataDir = fromEnv(env, 'DATA_DIR')?.value.trim() || text(config.DATA_DIR);
  const requestedHost = fromEnv(env, 'HOST')?.value.trim() || text(config.HOST) || LOCAL_HOST;
  const hostForcedLocal = apiKey === undefined && !allowNoApiKey;
  if (hostForcedLocal && !LOCAL_HOSTS.has(requestedHost)) {
    warnings.push(
      `HOST "${requestedHost}" is ignored and the router listens on ${LOCAL_HOST} only, because no APIKEY is set: without one anyone who can reach the port could spend your provider credits. Set APIKEY (or CCR_APIKEY in the environment) to listen on another host; ALLOW_NO_APIKEY=true listens there without one.`,
    );
  } else if (apiKey === undefined && !LOCAL_HOSTS.has(requestedHost)) {
    warnings.push(`listening on ${requestedHost} without an APIKEY (ALLOW_NO_APIKEY): anyone who can reach the port can spend your provider credits.`);
  }
  const logDir = fromEnv(env, 'LOG_DIR')?.value.trim() || text(config.LOG_DIR);

  const timeoutMs = positiveNumber(config.API_TIMEOUT_MS) ?? DEFAULT_TIMEOUT_MS;
  return {
    settings: {
      host: hostForcedLocal ? LOCAL_HOST : requestedHost,
      port,
      ...(apiKey !== undefined && { apiKey }),
      logLevel,
      // Quiet by default: files under logs/ only when asked for with LOG: true.
      logToFile: config.LOG === true,
      timeoutMs,
      streamIdleTimeoutMs: positiveNumber(config.STREAM_IDLE_TIMEOUT_MS) ?? timeoutMs,
      retryDeadlineMs: positiveNumber(config.RETRY_DEADLINE_MS) ?? timeoutMs,
      ...(proxyUrl && { proxyUrl }),
      bodyLimitBytes: positiveNumber(config.BODY_LIMIT_BYTES) ?? DEFAULT_BODY_LIMIT_BYTES,
      configBackups: Number.isInteger(config.CONFIG_BACKUPS) && (config.CONFIG_BACKUPS as number) >= 1 ? (config.CONFIG_BACKUPS as number) : DEFAULT_CONFIG_BACKUPS,
      hostForcedLocal,
      ...(hostForcedLocal && !LOCAL_HOSTS.has(requestedHost) && { hostIgnored: requestedHost }),
      ...(dataDir && { dataDir }),
      ...(logDir && { logDir }),
      usageRetentionDays: positiveNumber(config.USAGE_RETENTION_DAYS) ?? DEFAULT_USAGE_RETENTION_DAYS,
    },
    errors,
    warnings,
  };
}

/** `CCR_APIKEY`, then `APIKEY`, from the environment win over the file (a container is configured that way). */
function resolveApiKey(config: Config, env: Env, unsetPaths: ReadonlySet<string>, warnings: string[]): string | undefined {
  const fromEnvironment = fromEnv(env, 'APIKEY')?.value.trim();
  if (fromEnvironment) return fromEnvironment;
  const apiKey = text(config.APIKEY);
  if (!apiKey) return undefined;
  if (unsetPaths.has('APIKEY')) {
    // A literal "$CCR_API_KEY" would be a guessable key on an open port: treat it as no key at all.
    warnings.push('APIKEY: references an unset environment variable, so no API key is required and the router listens on 127.0.0.1 only');
    return undefined;
  }
  return apiKey;
}

function fromEnv(env: Env, name: string): { variable: string; value: string } | undefined {
  for (const variable of [`CCR_${name}`, name]) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') return { variable, value };
  }
  return undefined;
}

/**
 * The settings are also computed for a config that failed validation, so that every problem (the
 * file's and the environment's) is reported at once: read the file's values without trusting types.
 */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}
