/**
 * `$VAR` and `${VAR}` references in every string of the parsed config, replaced from an env record.
 *
 * As in claude-code-router, a reference to an unset variable is left as written (so the problem is
 * visible in the value, and a `$` that was never meant as a reference survives), and bare `$VAR`
 * only matches upper-case names. Each unset reference is reported with the config path holding it.
 * `${VAR:-default}` (shell syntax) is also understood: claude-code-router leaves it as text.
 * @see https://github.com/musistudio/claude-code-router#environment-variable-interpolation
 */
import type { Env } from './locate';

/** `${anything but }}` or `$UPPER_CASE` not followed by more identifier characters. */
const REFERENCE = /\$\{([^}]+)\}|\$([A-Z_][A-Z0-9_]*)(?![A-Za-z0-9_])/g;

export interface UnsetReference {
  /** Readable config path of the string, e.g. `Providers[0].api_key`. */
  path: string;
  variable: string;
}

export interface InterpolationResult<T> {
  value: T;
  unset: UnsetReference[];
}

export function interpolateEnvVars<T>(value: T, env: Env): InterpolationResult<T> {
  const unset: UnsetReference[] = [];
  const interpolated = walk(value, env, '', unset) as T;
  return { value: interpolated, unset };
}

export function interpolateString(text: string, env: Env, onUnset: (variable: string) => void = () => {}): string {
  return text.replace(REFERENCE, (reference, braced: string | undefined, bare: string | undefined) => {
    const { name, fallback } = braced === undefined ? { name: bare!, fallback: undefined } : splitDefault(braced);
    const resolved = env[name];
    if (resolved !== undefined && !(fallback !== undefined && resolved === '')) return resolved;
    if (fallback !== undefined) return fallback;
    onUnset(name);
    return reference;
  });
}

export function formatUnsetWarnings(unset: UnsetReference[]): string[] {
  return unset.map(
    ({ path, variable }) => `${path || '(root)'}: references environment variable ${variable}, which is not set; the text is kept as written`,
  );
}

function splitDefault(braced: string): { name: string; fallback: string | undefined } {
  const separator = braced.indexOf(':-');
  if (separator <= 0) return { name: braced.trim(), fallback: undefined };
  return { name: braced.slice(0, separator).trim(), fallback: braced.slice(separator + 2) };
}

function walk(value: unknown, env: Env, path: string, unset: UnsetReference[]): unknown {
  if (typeof value === 'string') {
    return interpolateString(value, env, (variable) => unset.push({ path, variable }));
  }
  if (Array.isArray(value)) return value.map((item, index) => walk(item, env, `${path}[${index}]`, unset));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) result[key] = walk(child, env, joinPath(path, key), unset);
    return result;
  }
  return value;
}

/** `a.b`, or `a["odd key"]` when the key is not a plain identifier (model names often are not). */
export function joinPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}
