/**
 * What the two foreign formats share: providers written as `{ type, endpoint, authentication:
 * { type, credentials }, models, defaultModel }` keyed by name, and the routing categories of
 * the CodeWhisperer router and its successor, the dual-server router (route-claudecode). Pure.
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/09ffe8fb698031a575f6e0ca568ddc18f430cac1/src/types/index.ts (ProviderConfig, RoutingCategory)
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/40c89ca2459c42335833f6e91c61002dbb5274d0/config.example.json (settings.models, profileArn, tokenPath)
 */
import type { ConfiguredCategory, ProviderConfig } from '../schema';

export interface ImportResult {
  /** A config in ccr's format. */
  config: Record<string, unknown>;
  /** What the source said that the config does not carry, each with its JSON path and why. */
  notCarried: string[];
}

/** Collects the not-carried list; a message said for several paths is listed once per path. */
export class Carry {
  readonly notCarried: string[] = [];
  drop(path: string, why: string): void {
    const line = `${path}: ${why}`;
    if (!this.notCarried.includes(line)) this.notCarried.push(line);
  }
}

/**
 * The categories of both routers (`default`, `background`, `thinking`, `longcontext`, `search`),
 * and ccr's own names. Their `search` was chosen for requests offering a tool named like
 * search/web (engine.ts determineCategory), the nearest of ccr's categories being webSearch (a
 * `web_search` server tool).
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/22a21adf8b09bb001c0fa3bc46b8e52538ccc582/src/routing/engine.ts
 */
const CATEGORIES: Record<string, ConfiguredCategory> = {
  default: 'default',
  background: 'background',
  thinking: 'think',
  think: 'think',
  longcontext: 'longContext',
  search: 'webSearch',
  websearch: 'webSearch',
  image: 'image',
};

export function ccrCategory(name: string): ConfiguredCategory | undefined {
  return CATEGORIES[name.toLowerCase()];
}

export const SEARCH_NOTE = 'their `search` category took requests offering a tool named like search or web; ccr routes it as webSearch, for requests offering a web_search tool';

const CODEWHISPERER_URL = 'https://codewhisperer.us-east-1.amazonaws.com/generateAssistantResponse';

/** Settings that tune the other router's own client; ccr has its own (API_TIMEOUT_MS, retries per key). */
const PROVIDER_KEYS_HANDLED = new Set(['type', 'endpoint', 'authentication', 'models', 'defaultModel', 'settings', 'keyRotation', 'authMethod', 'tokenPath']);
const SETTINGS_HANDLED = new Set(['models', 'defaultModel', 'categoryMappings']);

export interface ConvertedProvider {
  provider: ProviderConfig;
  /** The model routes name when they name none: `defaultModel`, else the first listed. */
  defaultModel: string | undefined;
}

export function convertProvider(name: string, source: Record<string, unknown>, path: string, carry: Carry): ConvertedProvider {
  const settings = record(source.settings);
  const authentication = record(source.authentication);
  const credentials = record(authentication.credentials);
  const type = text(source.type)?.toLowerCase() ?? 'openai';
  const endpoint = text(source.endpoint);
  const listed = strings(source.models ?? settings.models);
  const defaultModel = text(source.defaultModel) ?? text(settings.defaultModel) ?? listed[0];
  const models = defaultModel && !listed.includes(defaultModel) ? [defaultModel, ...listed] : listed;

  for (const key of Object.keys(source)) if (!PROVIDER_KEYS_HANDLED.has(key)) carry.drop(`${path}.${key}`, 'not used by ccr');
  for (const key of Object.keys(settings)) if (!SETTINGS_HANDLED.has(key)) carry.drop(`${path}.settings.${key}`, "a setting of the other router's client; ccr has API_TIMEOUT_MS and per-key retries instead");

  const provider: ProviderConfig = { name, api_base_url: endpoint ?? '', ...(models.length > 0 && { models }) };
  switch (type) {
    case 'codewhisperer':
    case 'aws':
    case 'kiro': {
      // The Kiro/CodeWhisperer dialect reads a bearer token, from a file or given whole.
      // @see https://github.com/wyeeeee/kiro2api/blob/main/config/config.go (the generateAssistantResponse endpoint)
      provider.api_base_url = withPath(endpoint ?? CODEWHISPERER_URL, '/generateAssistantResponse', (path) => path === '' || path === '/');
      const tokenPath = text(credentials.tokenPath) ?? text(source.tokenPath);
      const token = text(credentials.token);
      const profileArn = text(credentials.profileArn);
      (provider as Record<string, unknown>).authentication = {
        type: 'bearer',
        credentials: { ...(tokenPath && { tokenPath }), ...(token && { token }), ...(profileArn && { profileArn }) },
      };
      provider.transformer = { use: ['codewhisperer'] };
      if (!tokenPath && !token) carry.drop(`${path}.authentication`, 'no tokenPath or token to carry: add one under authentication.credentials');
      return { provider, defaultModel };
    }
    case 'gemini':
      // Gemini's native API: ccr's gemini dialect wants the models base, `…/v1beta/models/`.
      if (!endpoint || (/generativelanguage\.googleapis\.com/.test(endpoint) && !endpoint.includes('/openai/'))) {
        provider.api_base_url = 'https://generativelanguage.googleapis.com/v1beta/models/';
      }
      provider.transformer = { use: ['gemini'] };
      break;
    case 'anthropic':
      provider.api_base_url = withPath(endpoint ?? 'https://api.anthropic.com', '/v1/messages', (path) => !/\/messages\/?$/.test(path));
      provider.transformer = { use: ['anthropic'] };
      break;
    default:
      if (!['openai', 'shuaihong', 'lmstudio', 'modelscope'].includes(type)) carry.drop(`${path}.type`, `"${type}" is not a type ccr knows; imported as an OpenAI-compatible provider`);
      if (!endpoint) carry.drop(`${path}.endpoint`, 'missing: set api_base_url');
      else provider.api_base_url = withPath(endpoint, '/chat/completions', (path) => !/\/chat\/completions\/?$/.test(path));
      // Google's OpenAI-compatible path would otherwise be taken for its native API.
      if (/generativelanguage\.googleapis\.com/.test(provider.api_base_url)) provider.transformer = { use: ['openai'] };
  }
  carryKeys(provider, credentials, record(source.keyRotation), path, carry);
  return { provider, defaultModel };
}

/** `apiKey` (one or a list) or `token` become the provider's keys; key rotation its policy. */
function carryKeys(provider: ProviderConfig, credentials: Record<string, unknown>, rotation: Record<string, unknown>, path: string, carry: Carry): void {
  const keys = [...strings(credentials.apiKey), ...strings(credentials.apiKeys), ...strings(credentials.token)];
  if (keys.length === 1) provider.api_key = keys[0];
  else if (keys.length > 1) provider.api_keys = keys;
  if (credentials.tokenPath !== undefined) carry.drop(`${path}.authentication.credentials.tokenPath`, 'a token file is read only for CodeWhisperer providers; put the key in api_key');
  for (const key of Object.keys(credentials)) {
    if (!['apiKey', 'apiKeys', 'token', 'tokenPath'].includes(key)) carry.drop(`${path}.authentication.credentials.${key}`, 'not used by ccr');
  }
  if (rotation.enabled !== undefined) provider.enable_rotation = rotation.enabled !== false;
  const strategy = text(rotation.strategy);
  if (strategy === 'round_robin' || strategy === 'least_used') provider.rotation_strategy = strategy;
  else if (strategy) carry.drop(`${path}.keyRotation.strategy`, `"${strategy}": ccr rotates round_robin and leaves out keys cooling down after a 429 or failures, which covers it`);
  const cooldown = rotation.rateLimitCooldownMs ?? rotation.cooldownMs;
  if (typeof cooldown === 'number' && keys.length > 0) provider.api_keys = keys.map((key) => ({ key, cooldownTime: cooldown }));
  if (provider.api_keys && provider.api_key !== undefined) delete provider.api_key;
  if (rotation.maxRetriesPerKey !== undefined) carry.drop(`${path}.keyRotation.maxRetriesPerKey`, 'ccr retries a failed call on the next key (max_retries), not on the same one');
}

/** `url` with `suffix` appended to its path when `needs(path)` says so. */
function withPath(url: string, suffix: string, needs: (path: string) => boolean): string {
  try {
    const parsed = new URL(url);
    if (needs(parsed.pathname)) parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}${suffix}`;
    return parsed.toString();
  } catch {
    return url;
  }
}

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** `server.port`/`server.host` and `debug.logLevel`: what both routers' top level shares with ccr's. */
export function convertServerAndDebug(source: Record<string, unknown>, config: Record<string, unknown>, carry: Carry): void {
  const server = record(source.server);
  if (typeof server.port === 'number' || typeof server.port === 'string') config.PORT = Number(server.port);
  const host = text(server.host);
  if (host) {
    config.HOST = host;
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) carry.drop('server.host', `"${host}" applies only once APIKEY is set: without one ccr listens on 127.0.0.1`);
  }
  for (const key of Object.keys(server)) {
    if (key === 'name') carry.drop('server.name', 'ccr names a server after its config file (config.json: main, config.release.json: release)');
    else if (key !== 'port' && key !== 'host') carry.drop(`server.${key}`, 'not used by ccr');
  }
  const debug = record(source.debug);
  const level = text(debug.logLevel);
  if (level && ['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(level)) config.LOG_LEVEL = level;
  for (const key of Object.keys(debug)) {
    if (key !== 'logLevel') carry.drop(`debug.${key}`, "ccr's logging: LOG (files under logs/) and LOG_LEVEL");
  }
}
