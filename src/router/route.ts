/**
 * The routing decision. `createRouter` compiles a config snapshot once (providers indexed, rules'
 * regexes built, routes resolved); the function it returns asks, in order, and the first step that
 * applies wins. A category whose route is not configured falls through to the next step:
 *
 *  1. explicit     `model` is `"provider,model"`
 *  2. custom       the custom router file chose a target
 *  3. rule         the first matching `Router.rules` entry
 *  4. subagent     a `<CCR-SUBAGENT-MODEL>provider,model</CCR-SUBAGENT-MODEL>` tag
 *  5. longContext  tokens (or the session's last real input tokens) above the threshold
 *  6. background   a Claude haiku-class model
 *  7. webSearch    a `web_search*` server tool
 *  8. think        `thinking.type === "enabled"` (not `adaptive`)
 *  9. image        the last user turn carries an image
 * 10. default
 */
import { parseRouteTarget } from '../config/route-target';
import { ROUTE_CATEGORIES, type ConfiguredCategory, type RouterConfig } from '../config/schema';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { ApiError } from '../http/errors';
import { countRequestTokens } from '../tokens/count';
import {
  DEFAULT_LONG_CONTEXT_THRESHOLD,
  hasWebSearchTool,
  isBackgroundModel,
  isLongContext,
  isThinkingEnabled,
  lastUserMessageHasImage,
} from './categories';
import { DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS, runCustomRouter } from './custom';
import { findProvider, indexProviders, providerNames, resolveTarget, type ProviderIndex } from './providers';
import { compileRules, findMatchingRule, type CompiledRule, type RuleFacts } from './rules';
import { extractSubagentModel, type SubagentExtraction } from './subagent';
import { compileRoute, dedupe, orderTargets, resolveFallback, type CompiledRoute } from './targets';
import type { RouteCategory, RouteContext, RouteDecision, Router, RouterInput, RouterLog, RouteTarget } from './types';

interface CompiledRouter {
  providers: ProviderIndex;
  routes: Partial<Record<ConfiguredCategory, CompiledRoute>>;
  /** Rules whose route names no configured provider are left out (with a warning at compile time). */
  rules: Array<CompiledRule & { target: CompiledRoute }>;
  fallbackFor: (category: RouteCategory) => RouteTarget[];
  threshold: number;
  customRouter: RouterInput['customRouter'];
  /** An explicit `provider,model`'s targets, by the model string: clients send the same one request after request. */
  explicit: Map<string, readonly RouteTarget[]>;
}

/** Past this many explicit model strings (clients can send any), the memo starts over. */
const MAX_EXPLICIT = 256;

const ignore: RouterLog = () => {};

export function createRouter(input: RouterInput): Router {
  const compiled = compileRouter(input);
  return {
    usesSessionTokens: compiled.routes.longContext !== undefined,
    route: (request, context) => decide(compiled, request, context),
    targetsFor: (category, context) => {
      const route = compiled.routes[category];
      return route === undefined ? undefined : orderTargets(route, context);
    },
  };
}

function compileRouter(input: RouterInput): CompiledRouter {
  const warn = input.log ?? ignore;
  const providers = indexProviders(input.providers);
  const topLevel = new Map<string, RouteTarget[]>();
  for (const [category, values] of Object.entries(input.fallback ?? {})) {
    topLevel.set(category, resolveFallback(values, `fallback.${category}`, providers, warn));
  }
  const fallbackFor = (category: RouteCategory) => topLevel.get(category) ?? [];
  const config: RouterConfig = input.router;

  const routes: CompiledRouter['routes'] = {};
  for (const category of ROUTE_CATEGORIES) {
    const spec = config[category];
    if (spec === undefined) continue;
    const where = { key: category, path: `Router.${category}`, categoryFallback: fallbackFor(category) };
    routes[category] = compileRoute(spec, where, providers, warn);
  }
  const rules = compileRules(config.rules ?? []).flatMap((rule, i) => {
    const where = { key: `rule:${rule.label}`, path: `Router.rules[${i}].route`, categoryFallback: fallbackFor('rule') };
    const target = compileRoute(rule.route, where, providers, warn);
    return target === undefined ? [] : [{ ...rule, target }];
  });
  return {
    providers,
    routes,
    rules,
    fallbackFor,
    threshold: config.longContextThreshold ?? DEFAULT_LONG_CONTEXT_THRESHOLD,
    customRouter: input.customRouter,
    explicit: new Map(),
  };
}

/**
 * Synchronous unless a custom router runs: most requests are routed without a promise. An explicit
 * `provider,model` is answered here, before `decideByCategory`, whose closures and hoisted
 * `builtIn` JSC builds on entry to the function, whichever branch then returns.
 */
function decide(compiled: CompiledRouter, original: MessagesRequest, context: RouteContext): RouteDecision | Promise<RouteDecision> {
  const subagent = extractSubagentModel(original);
  if (original.model.includes(',')) return { category: 'explicit', targets: explicitTargets(compiled, original.model), tokenCount: undefined, request: subagent.request };
  return decideByCategory(compiled, original, subagent, context);
}

/** Steps 2 to 10. */
function decideByCategory(compiled: CompiledRouter, original: MessagesRequest, subagent: SubagentExtraction, context: RouteContext): RouteDecision | Promise<RouteDecision> {
  const request = subagent.request;
  const log = context.log ?? ignore;
  // Counting is the dearest step of routing (tens of ms for a large conversation): done only when a step needs it.
  let counted: number | undefined;
  const tokens = () => (counted ??= countRequestTokens(request));
  const single = (category: RouteCategory, target: RouteTarget): RouteDecision => ({
    category,
    targets: dedupe([target, ...compiled.fallbackFor(category)]),
    tokenCount: counted,
    request,
  });
  const routed = (category: RouteCategory, compiledRoute: CompiledRoute, rule?: string): RouteDecision => ({
    category,
    ...(rule === undefined ? {} : { rule }),
    targets: orderTargets(compiledRoute, context),
    tokenCount: counted,
    request,
  });

  if (compiled.customRouter !== undefined) {
    return runCustomRouter({
      customRouter: compiled.customRouter,
      // The user's code sees what the client sent, subagent tag included.
      request: original,
      config: context.config,
      tokens,
      headers: context.headers,
      sessionId: context.sessionId,
      providers: compiled.providers,
      timeoutMs: context.customRouterTimeoutMs ?? DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS,
      log,
    }).then((target) => (target !== undefined ? single('custom', target) : builtIn()));
  }
  return builtIn();

  /** Steps 3 to 10. */
  function builtIn(): RouteDecision {
    const rule = compiled.rules.length === 0 ? undefined : findMatchingRule(compiled.rules, { request, tokens, headers: context.headers, sessionId: context.sessionId } satisfies RuleFacts);
    if (rule !== undefined) return routed('rule', rule.target, rule.label);

    if (subagent.target !== undefined) {
      const target = resolveTarget(compiled.providers, subagent.target);
      if (target !== undefined) return single('subagent', target);
      log('subagent tag names no configured "provider,model"; routing without it', { tag: subagent.target });
    }

    // Only the longContext step reads the session, and only then is it looked up.
    const lastInputTokens = () => {
      const sessionId = context.sessionId;
      return sessionId === undefined ? undefined : context.lastInputTokens?.(sessionId);
    };
    for (const category of ROUTE_CATEGORIES) {
      const compiledRoute = compiled.routes[category];
      if (compiledRoute !== undefined && applies(category, request, tokens, compiled.threshold, lastInputTokens)) {
        return routed(category, compiledRoute);
      }
    }
    // Not a client mistake, but 400 makes Claude Code show the message at once instead of retrying a 5xx.
    throw new ApiError(400, 'no route for this request: set Router.default in the config (or a route for this kind of request)');
  }
}

function applies(
  category: ConfiguredCategory,
  request: MessagesRequest,
  tokens: () => number,
  threshold: number,
  lastInputTokens: () => number | undefined,
): boolean {
  switch (category) {
    case 'longContext':
      return isLongContext(threshold, lastInputTokens(), tokens);
    case 'background':
      return isBackgroundModel(request.model);
    case 'webSearch':
      return hasWebSearchTool(request);
    case 'think':
      return isThinkingEnabled(request);
    case 'image':
      return lastUserMessageHasImage(request.messages);
    case 'default':
      return true;
    default: {
      const _exhaustive: never = category;
      return _exhaustive;
    }
  }
}

function explicitTargets(compiled: CompiledRouter, model: string): readonly RouteTarget[] {
  let targets = compiled.explicit.get(model);
  if (targets === undefined) {
    // A model naming no configured provider throws here, every time: only what resolves is kept.
    targets = dedupe([explicitTarget(compiled.providers, model), ...compiled.fallbackFor('explicit')]);
    if (compiled.explicit.size >= MAX_EXPLICIT) compiled.explicit.clear();
    compiled.explicit.set(model, targets);
  }
  return targets;
}

function explicitTarget(providers: ProviderIndex, model: string): RouteTarget {
  const parts = parseRouteTarget(model);
  if (parts === undefined) throw new ApiError(400, `model "${model}" is not "provider,model"`);
  const provider = findProvider(providers, parts.provider);
  if (provider === undefined) {
    throw new ApiError(400, `model "${model}" names provider "${parts.provider}", which is not configured; configured providers: ${providerNames(providers)}`);
  }
  return { provider: provider.name, model: parts.model };
}
