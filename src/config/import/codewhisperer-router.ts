/**
 * A config of the CodeWhisperer router (Jason Zhang's claude-code-router for AWS CodeWhisperer /
 * Kiro, the forerunner of route-claudecode) converted to ccr's. Pure.
 *
 * - `server.port`/`server.host` → PORT/HOST; `debug.logLevel` → LOG_LEVEL.
 * - `routing.providers.<name>` (or a top-level `providers`) → `Providers[]` (shared.ts):
 *   CodeWhisperer ones (`type: "codewhisperer"`, or `"aws"` with a Kiro `tokenPath`) keep their
 *   token as `authentication: {type: "bearer", credentials: {tokenPath | token}}`.
 * - `routing.rules.<category>{provider, model, fallback}` → `Router.<category>`, the fallback
 *   (one target or a list) as the route's fallback.
 * - A provider's `settings.categoryMappings` (`{"background": true, …}`: the categories it
 *   serves) routes each category no rule names to that provider's default model; where several
 *   claim one, `routing.defaultProvider` wins, else the first.
 * - `routing.defaultProvider` → `Router.default` (its default model) when no rule names default.
 * - `routing.customRules[{condition: {modelContains, hasTools, messageLength}, target}]` →
 *   `Router.rules[{when: {modelContains, hasTools, minTokens}, route}]`. `messageLength`
 *   counted characters; ccr counts tokens, so it becomes minTokens at about four characters a
 *   token. `target` is `{provider, model}`, `"provider,model"`, or a category whose route it
 *   takes.
 * @see https://github.com/Jasonzhangf/route-claudecode/blob/40c89ca2459c42335833f6e91c61002dbb5274d0/config.example.json (routing.rules, routing.providers, fallback)
 * categoryMappings and customRules are as configs written for it spell them; customRules'
 * shape is the one issue 19 describes (no public example of it was found).
 */
import type { ConfiguredCategory, RouteRule, RouteSpec } from '../schema';
import { Carry, ccrCategory, convertProvider, convertServerAndDebug, record, SEARCH_NOTE, text, type ImportResult } from './shared';

/** ccr's token estimate for text: about four characters a token (English prose and code). */
const CHARACTERS_PER_TOKEN = 4;

const TOP_LEVEL = new Set(['server', 'routing', 'providers', 'debug']);
const ROUTING_KEYS = new Set(['rules', 'providers', 'defaultProvider', 'customRules']);

export function convertCodeWhispererRouterConfig(raw: unknown): ImportResult {
  const source = record(raw);
  const routing = record(source.routing);
  const carry = new Carry();
  const config: Record<string, unknown> = {};
  convertServerAndDebug(source, config, carry);

  const providerSources = Object.keys(record(routing.providers)).length > 0 ? { path: 'routing.providers', entries: record(routing.providers) } : { path: 'providers', entries: record(source.providers) };
  const defaultModels = new Map<string, string | undefined>();
  const mappings = new Map<ConfiguredCategory, string[]>();
  config.Providers = Object.entries(providerSources.entries).map(([name, entry]) => {
    const path = `${providerSources.path}.${name}`;
    const { provider, defaultModel } = convertProvider(name, record(entry), path, carry);
    defaultModels.set(name, defaultModel);
    for (const [category, served] of Object.entries(record(record(record(entry).settings).categoryMappings))) {
      const target = ccrCategory(category);
      if (!target) carry.drop(`${path}.settings.categoryMappings.${category}`, `ccr's router has no "${category}" category`);
      else if (served === true) mappings.set(target, [...(mappings.get(target) ?? []), name]);
    }
    return provider;
  });

  const router: Record<string, unknown> = {};
  const routes = new Map<string, RouteSpec>();
  for (const [category, entry] of Object.entries(record(routing.rules))) {
    const path = `routing.rules.${category}`;
    const spec = convertRule(record(entry), path, defaultModels, carry);
    if (!spec) continue;
    routes.set(category.toLowerCase(), spec);
    const target = ccrCategory(category);
    if (!target) {
      carry.drop(path, `ccr's router has no "${category}" category; a Router.rules entry can route such requests (customRules targets naming it were converted)`);
      continue;
    }
    if (target === 'webSearch') carry.drop(path, SEARCH_NOTE);
    router[target] = spec;
  }

  const defaultProvider = text(routing.defaultProvider);
  for (const [category, names] of mappings) {
    if (router[category] !== undefined) continue;
    const chosen = defaultProvider && names.includes(defaultProvider) ? defaultProvider : names[0];
    const model = defaultModels.get(chosen);
    if (!model) {
      carry.drop(`${providerSources.path}.${chosen}.settings.categoryMappings.${category}`, 'the provider lists no model to route to');
      continue;
    }
    router[category] = `${chosen},${model}`;
    for (const other of names.filter((name) => name !== chosen)) {
      carry.drop(`${providerSources.path}.${other}.settings.categoryMappings.${category}`, `${category} goes to ${chosen} alone; list ${other} as a fallback if it should share it`);
    }
  }
  if (router.default === undefined && defaultProvider) {
    const model = defaultModels.get(defaultProvider);
    if (model) router.default = `${defaultProvider},${model}`;
    else carry.drop('routing.defaultProvider', `"${defaultProvider}" is not a provider with a model`);
  }

  const rules = Array.isArray(routing.customRules) ? routing.customRules.flatMap((rule, index) => convertCustomRule(record(rule), `routing.customRules[${index}]`, routes, carry)) : [];
  if (rules.length > 0) router.rules = rules;
  if (router.default === undefined) carry.drop('routing.rules.default', 'none: set the default route with `ccr model provider,model`');
  config.Router = router;

  for (const key of Object.keys(routing)) if (!ROUTING_KEYS.has(key)) carry.drop(`routing.${key}`, key === 'strategy' ? 'ccr routes by category and rules; there is no strategy to choose' : 'not used by ccr');
  for (const key of Object.keys(source)) if (!TOP_LEVEL.has(key)) carry.drop(key, 'not used by ccr');
  return { config, notCarried: carry.notCarried };
}

function convertRule(entry: Record<string, unknown>, path: string, defaultModels: Map<string, string | undefined>, carry: Carry): RouteSpec | undefined {
  const provider = text(entry.provider);
  const model = text(entry.model) ?? (provider ? defaultModels.get(provider) : undefined);
  if (!provider || !model) {
    carry.drop(path, 'needs a provider and a model');
    return undefined;
  }
  for (const key of Object.keys(entry)) {
    if (key === 'priority' || key === 'reason') carry.drop(`${path}.${key}`, 'ccr has no use for it: a category has one route');
    else if (!['provider', 'model', 'fallback'].includes(key)) carry.drop(`${path}.${key}`, 'not used by ccr');
  }
  const fallbacks = (Array.isArray(entry.fallback) ? entry.fallback : entry.fallback === undefined ? [] : [entry.fallback]).flatMap((item, index) => {
    const fallback = record(item);
    const fallbackProvider = text(fallback.provider);
    const fallbackModel = text(fallback.model) ?? (fallbackProvider ? defaultModels.get(fallbackProvider) : undefined);
    if (fallbackProvider && fallbackModel) return [`${fallbackProvider},${fallbackModel}`];
    carry.drop(`${path}.fallback${Array.isArray(entry.fallback) ? `[${index}]` : ''}`, 'needs a provider and a model');
    return [];
  });
  return fallbacks.length === 0 ? `${provider},${model}` : { providers: [{ provider, model }], fallback: fallbacks };
}

function convertCustomRule(rule: Record<string, unknown>, path: string, routes: Map<string, RouteSpec>, carry: Carry): RouteRule[] {
  const condition = record(rule.condition);
  const when: RouteRule['when'] = {};
  if (typeof condition.modelContains === 'string') when.modelContains = condition.modelContains;
  if (typeof condition.hasTools === 'boolean') when.hasTools = condition.hasTools;
  const length = condition.messageLength;
  const lengthRange = typeof length === 'number' ? { min: length } : record(length);
  const min = typeof lengthRange.min === 'number' ? lengthRange.min : typeof lengthRange.gt === 'number' ? lengthRange.gt : undefined;
  const max = typeof lengthRange.max === 'number' ? lengthRange.max : typeof lengthRange.lt === 'number' ? lengthRange.lt : undefined;
  if (min !== undefined) when.minTokens = Math.ceil(min / CHARACTERS_PER_TOKEN);
  if (max !== undefined) when.maxTokens = Math.floor(max / CHARACTERS_PER_TOKEN);
  if (min !== undefined || max !== undefined) {
    carry.drop(`${path}.condition.messageLength`, `characters became tokens (minTokens/maxTokens) at ${CHARACTERS_PER_TOKEN} characters a token: an estimate`);
  }
  for (const key of Object.keys(condition)) {
    if (!['modelContains', 'hasTools', 'messageLength'].includes(key)) carry.drop(`${path}.condition.${key}`, 'a condition ccr rules do not have');
  }
  if (Object.keys(when).length === 0) {
    carry.drop(path, 'no condition ccr can check, and a rule without one would take every request');
    return [];
  }
  const route = customRuleRoute(rule.target, routes);
  if (!route) {
    carry.drop(`${path}.target`, `${JSON.stringify(rule.target)} is neither provider,model nor a category with a rule`);
    return [];
  }
  return [{ name: text(rule.name) ?? `customRules[${path.match(/\[(\d+)\]$/)?.[1]}]`, when, route }];
}

function customRuleRoute(target: unknown, routes: Map<string, RouteSpec>): RouteSpec | undefined {
  if (typeof target === 'string') return target.includes(',') ? target : routes.get(target.toLowerCase());
  const object = record(target);
  const provider = text(object.provider);
  const model = text(object.model);
  if (provider && model) return `${provider},${model}`;
  const category = text(object.category);
  return category ? routes.get(category.toLowerCase()) : undefined;
}
