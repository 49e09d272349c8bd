/**
 * Read, interpolate, validate and normalize the config. The `config` returned is the user's object
 * after `$VAR` interpolation, unknown keys and all: nothing is stripped, so a file written for
 * claude-code-router loads unchanged and can be written back unchanged.
 */
import { existsSync } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { defaultConfig, missingConfigGuidance } from './default-config';
import { formatUnsetWarnings, interpolateEnvVars } from './interpolate';
import { cwdConfigPath, expandPath, findConfigPath, homeConfigPath, type Env } from './locate';
import type { Config } from './schema';
import { resolveSettings, type Settings } from './settings';
import { ConfigError, validateConfig } from './validate';

export interface LoadedConfig {
  config: Config;
  /** The file read, or undefined when the embedded default is used. */
  path: string | undefined;
  /** Where relative paths in the config (custom transformers, CUSTOM_ROUTER_PATH) are resolved. */
  baseDir: string;
  warnings: string[];
  isDefault: boolean;
  settings: Settings;
}

export interface LoadConfigOptions {
  /** A file to load; when absent it is looked for with `findConfigPath`. */
  path?: string;
  env: Env;
  knownTransformer?: (name: string) => boolean;
  /** For tests; default `process.cwd()` and `os.homedir()`. */
  cwd?: string;
  home?: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();
  const found = options.path ? { path: expandPath(options.path, cwd, home) } : findConfigPath(options.env, cwd, home);

  if (found === undefined) {
    const suggested = homeConfigPath(home);
    return loadConfigValue(defaultConfig(), {
      path: undefined,
      baseDir: dirname(suggested),
      env: options.env,
      knownTransformer: options.knownTransformer,
      warnings: missingConfigGuidance([`${cwdConfigPath(cwd)} (when it has Providers, Router or APIKEY)`, suggested], suggested),
    });
  }
  const { path, variable } = found;
  if (!existsSync(path)) throw new ConfigError([`${variable ? `environment ${variable}: ` : ''}"${path}" does not exist`]);
  const raw = await readConfigFile(path);
  return loadConfigValue(raw, { path, baseDir: dirname(path), env: options.env, knownTransformer: options.knownTransformer });
}

/** Parse a config file's text; comments and trailing commas are allowed, as claude-code-router allows them. */
export function parseConfigText(text: string, source: string): unknown {
  try {
    return Bun.JSONC.parse(text);
  } catch (error) {
    throw new ConfigError([`${source}: not valid JSON: ${jsonProblemAt(text) ?? (error instanceof Error ? error.message : String(error))}`], source);
  }
}

/** Where a JSON(C) text first goes wrong, as an editor shows it: `line 3, column 5: comma expected`. */
function jsonProblemAt(text: string): string | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first === undefined) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${describeJsonError(first.error)}`;
}

function describeJsonError(code: ParseErrorCode): string {
  // printParseErrorCode names the code (`CommaExpected`); said in words.
  return printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Bun.file(path).text();
  } catch (error) {
    throw new ConfigError([`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`], path);
  }
  return parseConfigText(text, path);
}

export interface ConfigValueSource {
  path: string | undefined;
  baseDir: string;
  env: Env;
  knownTransformer?: (name: string) => boolean;
  /** Warnings gathered before this step (e.g. no file found). */
  warnings?: string[];
}

/**
 * Interpolate, validate and settle the settings of an already parsed config (a file's content, or
 * one posted to the admin API); every problem is gathered before throwing.
 */
export function loadConfigValue(raw: unknown, source: ConfigValueSource): LoadedConfig {
  const { value, unset } = interpolateEnvVars(raw, source.env);
  const validation = validateConfig(value, { knownTransformer: source.knownTransformer });
  const config = value as Config;
  const resolved = resolveSettings({ config, env: source.env, unsetPaths: new Set(unset.map((reference) => reference.path)) });
  const warnings = [...(source.warnings ?? []), ...formatUnsetWarnings(unset), ...validation.warnings, ...resolved.warnings];
  const errors = [...validation.errors, ...resolved.errors];
  if (errors.length > 0) throw new ConfigError(errors, source.path, warnings);

  aliasLowerCaseProviders(config);
  return { config, path: source.path, baseDir: source.baseDir, warnings, isDefault: source.path === undefined, settings: resolved.settings };
}

/**
 * Older files say `providers`. Readers get `config.Providers` either way, through a non-enumerable
 * alias, so the object still serializes exactly as the user wrote it.
 */
function aliasLowerCaseProviders(config: Config): void {
  if (config.Providers === undefined && config.providers !== undefined) {
    Object.defineProperty(config, 'Providers', { value: config.providers, enumerable: false, configurable: true, writable: true });
  }
}
