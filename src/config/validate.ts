/**
 * Every problem in a config at once, each naming its JSON path: TypeBox's type errors, then what a
 * schema cannot say (routes that name no provider, duplicate names, URLs, transformer names, ports,
 * rule regexes).
 */
import { Config, DECISION_CATEGORIES, ROUTE_CATEGORIES, type ProviderConfig } from './schema';
import { joinPath } from './interpolate';
import { parseModelRegex } from './model-regex';
import { isRouteUnset, parseRouteTarget, providerKey } from './route-target';
import { schemaProblems } from './schema-errors';

export class ConfigError extends Error {
  readonly problems: string[];
  /** Warnings found on the way, so a caller can show them alongside the errors. */
  readonly warnings: string[];

  constructor(problems: string[], source?: string, warnings: string[] = []) {
    const where = source ? ` in ${source}` : '';
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`Invalid config${where} (${count}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

export interface ValidateOptions {
  /** Whether a transformer name is available (built-in or registered); names are compared case-insensitively. */
  knownTransformer?: (name: string) => boolean;
}

export interface ValidationResult {
  errors: string[];
  warnings: string[];
}

/** `Providers`, or the lower-case `providers` older claude-code-router files use. */
export function providersOf(config: Config): ProviderConfig[] {
  return config.Providers ?? config.providers ?? [];
}

/** claude-code-router keys its own CLI and status line read: nothing for a router to do with them. */
const CLAUDE_CODE_ROUTER_CLI_KEYS = new Set(['NON_INTERACTIVE_MODE', 'StatusLine']);

/**
 * Top-level keys of the configs of the routers users come from (`ccr config import` reads them);
 * their `debug` is ccr's own key too, so it is not one that gives such a config away.
 */
const FOREIGN_ROUTER_KEYS = new Set(['server', 'routing', 'settings', 'hooks']);

export function validateConfig(config: unknown, options: ValidateOptions = {}): ValidationResult {
  const errors = schemaProblems(Config, config);
  const warnings: string[] = [];
  if (!isRecord(config)) return { errors, warnings };

  const unknown = Object.keys(config).filter((key) => !(key in Config.properties) && !CLAUDE_CODE_ROUTER_CLI_KEYS.has(key));
  if (unknown.length > 0) {
    // Kept (the file is written back as it was), but said once: a config written for another
    // router would otherwise start quietly with nothing configured.
    const foreign = unknown.some((key) => FOREIGN_ROUTER_KEYS.has(key));
    warnings.push(
      `config keys ccr does not use, kept as written: ${unknown.join(', ')}${foreign ? '. This looks like a config written for another router: `ccr config import <file>` converts it' : ''}`,
    );
  }
  const context: Context = { errors, warnings, providers: new Map(), options, customTransformers: hasItems(config.transformers) };
  const providersKey = Array.isArray(config.Providers) ? 'Providers' : Array.isArray(config.providers) ? 'providers' : undefined;
  if (Array.isArray(config.Providers) && Array.isArray(config.providers)) {
    warnings.push('providers: ignored, because Providers is also present (claude-code-router reads Providers first)');
  }
  if (providersKey) checkProviders(config[providersKey] as unknown[], providersKey, context);

  if (isRecord(config.Router)) {
    // In the file's order, so that problems are listed as the user reads the file.
    for (const [key, spec] of Object.entries(config.Router)) {
      if (isOneOf(ROUTE_CATEGORIES, key)) checkRouteSpec(spec, joinPath('Router', key), context);
    }
    if (Array.isArray(config.Router.rules)) {
      config.Router.rules.forEach((rule, index) => {
        if (!isRecord(rule)) return;
        checkRouteSpec(rule.route, `Router.rules[${index}].route`, context);
        if (isRecord(rule.when)) checkModelRegex(rule.when.modelRegex, `Router.rules[${index}].when.modelRegex`, context);
      });
    }
  }
  if (isRecord(config.fallback)) {
    for (const [category, targets] of Object.entries(config.fallback)) {
      const path = joinPath('fallback', category);
      if (!isOneOf(DECISION_CATEGORIES, category)) {
        warnings.push(`${path}: not a routing category, so it is never used (categories: ${DECISION_CATEGORIES.join(', ')})`);
      }
      checkTargetList(targets, path, context);
    }
  }
  checkPort(config.PORT, 'PORT', errors);
  checkPositiveNumberString(config.API_TIMEOUT_MS, 'API_TIMEOUT_MS', errors);
  return { errors, warnings };
}

interface Context extends ValidationResult {
  /** `providerKey(name)` → the provider's entry. */
  providers: Map<string, { name: string; models: string[] }>;
  options: ValidateOptions;
  customTransformers: boolean;
}

function checkProviders(providers: unknown[], key: string, context: Context): void {
  const firstPath = new Map<string, string>();
  providers.forEach((provider, index) => {
    const path = `${key}[${index}]`;
    if (!isRecord(provider)) return;
    if (typeof provider.name === 'string' && provider.name.trim()) {
      const key = providerKey(provider.name);
      const previous = firstPath.get(key);
      if (previous) {
        context.errors.push(`${path}.name: "${provider.name}" duplicates ${previous}.name (provider names are compared case-insensitively)`);
      } else {
        firstPath.set(key, path);
        const models = Array.isArray(provider.models) ? provider.models.filter((model): model is string => typeof model === 'string') : [];
        context.providers.set(key, { name: provider.name, models });
      }
    }
    if (typeof provider.api_base_url === 'string' && !isHttpUrl(provider.api_base_url)) {
      context.errors.push(`${path}.api_base_url: "${provider.api_base_url}" is not an http(s) URL`);
    }
    if (isRecord(provider.transformer)) checkProviderTransformers(provider.transformer, `${path}.transformer`, context);
  });
}

/** `{ "use": [...], "<model>": { "use": [...] } | [...] }`. */
function checkProviderTransformers(transformer: Record<string, unknown>, path: string, context: Context): void {
  for (const [key, value] of Object.entries(transformer)) {
    const entryPath = joinPath(path, key);
    if (key === 'use') checkTransformerUses(value, entryPath, context);
    else if (Array.isArray(value)) checkTransformerUses(value, entryPath, context);
    else if (isRecord(value)) checkTransformerUses(value.use, `${entryPath}.use`, context);
  }
}

function checkTransformerUses(uses: unknown, path: string, context: Context): void {
  const { knownTransformer } = context.options;
  if (!knownTransformer || !Array.isArray(uses)) return;
  uses.forEach((use, index) => {
    const name = typeof use === 'string' ? use : Array.isArray(use) && typeof use[0] === 'string' ? use[0] : undefined;
    if (!name || knownTransformer(name) || knownTransformer(name.toLowerCase())) return;
    const at = typeof use === 'string' ? `${path}[${index}]` : `${path}[${index}][0]`;
    if (context.customTransformers) {
      // Custom modules only tell their names once loaded; the registry reports a name none provides.
      context.warnings.push(`${at}: transformer "${name}" is not built in; it must come from one of the modules listed in transformers`);
    } else {
      context.errors.push(`${at}: unknown transformer "${name}"`);
    }
  });
}

function checkRouteSpec(spec: unknown, path: string, context: Context): void {
  if (isRouteUnset(spec)) return;
  if (typeof spec === 'string') return checkTarget(spec, path, context);
  if (!isRecord(spec)) return;
  if (Array.isArray(spec.providers)) {
    spec.providers.forEach((target, index) => {
      if (!isRecord(target) || typeof target.provider !== 'string') return;
      const targetPath = `${path}.providers[${index}]`;
      const known = checkProviderName(target.provider, `${targetPath}.provider`, context);
      if (known && typeof target.model === 'string') checkModelListed(known, target.model, `${targetPath}.model`, context);
    });
  }
  checkTargetList(spec.fallback, `${path}.fallback`, context);
}

function checkModelRegex(pattern: unknown, path: string, context: Context): void {
  if (typeof pattern !== 'string') return;
  try {
    parseModelRegex(pattern);
  } catch (error) {
    context.errors.push(`${path}: "${pattern}" is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
  }
}

function checkTargetList(targets: unknown, path: string, context: Context): void {
  if (!Array.isArray(targets)) return;
  targets.forEach((target, index) => {
    if (typeof target === 'string') checkTarget(target, `${path}[${index}]`, context);
  });
}

function checkTarget(target: string, path: string, context: Context): void {
  const parts = parseRouteTarget(target);
  if (!parts) {
    context.errors.push(`${path}: "${target}" is not of the form "provider,model"`);
    return;
  }
  const known = checkProviderName(parts.provider, path, context, target);
  if (known) checkModelListed(known, parts.model, path, context);
}

function checkProviderName(name: string, path: string, context: Context, target?: string): { name: string; models: string[] } | undefined {
  const known = context.providers.get(providerKey(name));
  if (known) return known;
  const names = [...context.providers.values()].map((provider) => provider.name);
  const subject = target === undefined ? `"${name}"` : `"${target}" names provider "${name}", which`;
  const available = names.length ? `known: ${names.join(', ')}` : 'no providers are configured';
  context.errors.push(`${path}: ${subject} is not a configured provider (${available})`);
  return undefined;
}

function checkModelListed(provider: { name: string; models: string[] }, model: string, path: string, context: Context): void {
  if (provider.models.length === 0 || provider.models.includes(model)) return;
  context.warnings.push(`${path}: model "${model}" is not in the models list of provider "${provider.name}" (${provider.models.join(', ')})`);
}

export function parsePort(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function checkPort(value: unknown, path: string, errors: string[]): void {
  // Numbers are checked by the schema; a string port (from "$PORT") is checked here.
  if (typeof value === 'string' && parsePort(value) === undefined) {
    errors.push(`${path}: "${value}" is not a port number (0-65535)`);
  }
}

function checkPositiveNumberString(value: unknown, path: string, errors: string[]): void {
  if (typeof value === 'string' && !(Number(value.trim()) > 0)) errors.push(`${path}: "${value}" is not a positive number`);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isOneOf(list: readonly string[], key: string): boolean {
  return list.includes(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
