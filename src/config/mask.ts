/**
 * Secrets in a config as the admin API shows them, and back. `GET /api/config` masks every string
 * under a key named like `*key*`, `*token*` or `*secret*` (`APIKEY`, `api_key`, `api_keys`,
 * `access_token`, `client_secret`…) to `sk-a…9f3k`; a masked value posted back unchanged is
 * replaced by the stored secret it stands for, so GET → edit → POST never destroys a key. Pure.
 */
import { maskKey } from '../log';
import { joinPath } from './interpolate';

const SECRET_KEY = /key|token|secret/i;

/** `"$OPENROUTER_API_KEY"` or `"${KEY}"` only names a variable: shown as written. `${KEY:-default}` is not: its default may be a key. */
const REFERENCE_ONLY = /^\$(?:[A-Z_][A-Z0-9_]*|\{[^}:]+\})$/;

/** What maskKey makes of a key: four characters, an ellipsis, four characters; or `***` for a short one. */
const MASKED = /^(?:[^…]{4}…[^…]{4}|\*\*\*)$/u;

export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name);
}

export function maskSecret(value: string): string {
  return value === '' || REFERENCE_ONLY.test(value) ? value : maskKey(value);
}

export interface MaskedConfig {
  value: unknown;
  /** The JSON paths whose value was masked. */
  paths: string[];
}

export function maskConfigSecrets(config: unknown): MaskedConfig {
  const paths: string[] = [];
  const value = mapSecrets(config, '', false, (secret, path) => {
    const masked = maskSecret(secret);
    if (masked !== secret) paths.push(path);
    return masked;
  });
  return { value, paths };
}

export interface UnmaskedConfig {
  value: unknown;
  /** Masked values that stand for no stored secret, each with its JSON path. */
  problems: string[];
}

/**
 * `posted` with each masked secret replaced by the stored one it masks: the one at the same path
 * if its mask matches, else the only stored secret with that mask (a key moved to another
 * provider). A masked value matching none, or several different ones, is a problem: writing
 * `sk-a…9f3k` as a key would break the provider silently.
 */
export function unmaskConfigSecrets(posted: unknown, stored: unknown): UnmaskedConfig {
  const storedByPath = new Map<string, string>();
  const storedByMask = new Map<string, Set<string>>();
  mapSecrets(stored, '', false, (secret, path) => {
    storedByPath.set(path, secret);
    const mask = maskSecret(secret);
    if (mask !== secret) storedByMask.set(mask, (storedByMask.get(mask) ?? new Set()).add(secret));
    return secret;
  });

  const problems: string[] = [];
  const value = mapSecrets(posted, '', false, (secret, path) => {
    if (!MASKED.test(secret)) return secret;
    const samePath = storedByPath.get(path);
    if (samePath !== undefined && maskSecret(samePath) === secret) return samePath;
    const candidates = [...(storedByMask.get(secret) ?? [])];
    if (candidates.length === 1) return candidates[0];
    problems.push(
      candidates.length === 0
        ? `${path}: "${secret}" is a masked value that matches no stored secret; send the whole value`
        : `${path}: "${secret}" is a masked value that matches ${candidates.length} stored secrets; send the whole value`,
    );
    return secret;
  });
  return { value, problems };
}

/** A copy of `value` with every string under a secret-named key passed through `map`. */
function mapSecrets(value: unknown, path: string, underSecret: boolean, map: (secret: string, path: string) => string): unknown {
  if (typeof value === 'string') return underSecret ? map(value, path) : value;
  if (Array.isArray(value)) return value.map((item, index) => mapSecrets(item, `${path}[${index}]`, underSecret, map));
  if (value !== null && typeof value === 'object') {
    // fromEntries, not assignment: a `"__proto__"` key stays a key.
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, mapSecrets(child, joinPath(path, key), underSecret || isSecretKey(key), map)]),
    );
  }
  return value;
}
