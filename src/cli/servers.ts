/**
 * Which servers a service runs: the configs named with `--config` (each its own server), or else
 * the config ccr finds (CONFIG_PATH, ./config.json, ~/.claude-code-router/config.json) plus a
 * release config beside it (`config.release.json`), the development + release pair the
 * dual-server router runs. Each server gets its own port, log and state; a clash is refused.
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/077bf5b5619b6c9103c4855913173389774b837d/README.md (dual-server mode)
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { loadConfig } from '../config/load';
import { expandPath, findConfigPath, type Env } from '../config/locate';
import { ConfigError } from '../config/validate';
import { CliError } from './errors';

/** What the supervisor needs to start one server; it holds no secret (written to service.json). */
export interface ServerSpec {
  name: string;
  /** Absolute; undefined when ccr runs on its embedded default. */
  configPath?: string;
  /** Where it listens: the config's HOST, or 127.0.0.1 when it has no APIKEY. */
  host: string;
  /** `--host` as given, passed on to the server (which then decides as above). */
  hostFlag?: string;
  port: number;
}

export interface ResolveOptions {
  configs?: string[];
  ports?: number[];
  host?: string;
  /** Only the main config, not a release config beside it. */
  single?: boolean;
  env: Env;
  cwd?: string;
  home?: string;
}

const PORT_VARIABLES = ['PORT', 'CCR_PORT'];

export async function resolveServerSpecs(options: ResolveOptions): Promise<ServerSpec[]> {
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();
  const paths = configPaths(options, cwd, home);
  const names = serverNames(paths);
  const specs: ServerSpec[] = [];
  for (const [index, path] of paths.entries()) {
    // The environment's PORT is the first server's; the others listen where their own file says.
    const env = index === 0 ? options.env : withoutPortVariables(options.env);
    const hostEnv = options.host ? { ...env, CCR_HOST: options.host } : env;
    let settings;
    try {
      ({ settings } = await loadConfig({ path, env: hostEnv, cwd, home }));
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message.replace(/\n/g, '\n  '));
      throw error;
    }
    specs.push({
      name: names[index],
      ...(path && { configPath: path }),
      host: settings.host,
      ...(options.host && { hostFlag: options.host }),
      port: options.ports?.[index] ?? settings.port,
    });
  }
  checkDistinctPorts(specs);
  return specs;
}

/** Absolute config paths, in order; `undefined` stands for the embedded default (no file anywhere). */
function configPaths(options: ResolveOptions, cwd: string, home: string): Array<string | undefined> {
  if (options.configs && options.configs.length > 0) {
    const paths = options.configs.map((path) => expandPath(path, cwd, home));
    for (const path of paths) if (!existsSync(path)) throw new CliError(`${path} does not exist`);
    return [...new Set(paths)];
  }
  const found = findConfigPath(options.env, cwd, home);
  if (!found) return [undefined];
  const release = releaseConfigBeside(found.path);
  return !options.single && release ? [found.path, release] : [found.path];
}

/** `config.json` → `config.release.json` in the same folder, when there is one. */
export function releaseConfigBeside(path: string): string | undefined {
  const base = basename(path);
  if (!base.endsWith('.json') || base.endsWith('.release.json')) return undefined;
  const release = join(dirname(path), `${base.slice(0, -'.json'.length)}.release.json`);
  return existsSync(release) ? release : undefined;
}

/** `config.json` → main, `config.release.json` → release, `team.json` → team; repeats get -2, -3. Pure. */
export function serverNames(paths: Array<string | undefined>): string[] {
  const used = new Map<string, number>();
  return paths.map((path) => {
    let name = path === undefined ? 'main' : basename(path).replace(/\.jsonc?$/, '');
    if (name === 'config') name = 'main';
    else if (name.startsWith('config.')) name = name.slice('config.'.length);
    name = name.replace(/[^A-Za-z0-9_.-]/g, '-') || 'main';
    const count = (used.get(name) ?? 0) + 1;
    used.set(name, count);
    return count === 1 ? name : `${name}-${count}`;
  });
}

function withoutPortVariables(env: Env): Env {
  const copy = { ...env };
  for (const name of PORT_VARIABLES) delete copy[name];
  return copy;
}

function checkDistinctPorts(specs: ServerSpec[]): void {
  const byPort = new Map<number, string>();
  for (const spec of specs) {
    if (spec.port === 0) continue;
    const other = byPort.get(spec.port);
    if (other) throw new CliError(`servers "${other}" and "${spec.name}" would both listen on port ${spec.port}: give each config its own PORT, or pass --port once per --config`);
    byPort.set(spec.port, spec.name);
  }
}

/** Where clients reach a server: a wildcard host is reached on loopback. */
export function serverUrl(spec: { host: string; port: number }): string {
  const host = spec.host === '0.0.0.0' || spec.host === '::' || spec.host === '' ? '127.0.0.1' : spec.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${spec.port}`;
}
