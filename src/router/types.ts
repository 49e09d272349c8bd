/**
 * The router's contract: a pure decision from (request, config snapshot, live state) to an ordered
 * list of targets that dispatch walks. Live state (health, round-robin counters, last usage per
 * session) comes in through `RouteContext` so the router itself holds none.
 */
import type { MessagesRequest } from '../dialects/anthropic/types';
import type { ConfiguredCategory, DecisionCategory, RouterConfig } from '../config/schema';

export interface ProviderInfo {
  name: string;
  models: readonly string[];
}

/**
 * A user's routing function (`CUSTOM_ROUTER_PATH`). Returns `"provider,model"` to choose, or null
 * to let the built-in steps decide.
 */
export type CustomRouter = (
  request: MessagesRequest,
  config: unknown,
  context: { tokenCount: number; headers: Record<string, string>; sessionId?: string },
) => Promise<string | null | undefined> | string | null | undefined;

export interface RouterInput {
  router: RouterConfig;
  /** Top-level `fallback`: category name → `"provider,model"` targets tried after the route's own. */
  fallback?: Record<string, string[]>;
  providers: ReadonlyArray<ProviderInfo>;
  customRouter?: CustomRouter;
  /** Warnings found while compiling the config (unknown providers skipped in routes and fallbacks). */
  log?: RouterLog;
}

/**
 * Round-robin counters by route, owned by the caller so that they survive config reloads: a
 * `Map<string, number>` fits, and so does an adapter over a shared store when several instances run.
 */
export type RoundRobinState = Pick<Map<string, number>, 'get' | 'set'>;

export type RouterLog = (message: string, fields?: object) => void;

export interface RouteContext {
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /**
   * Parsed by the caller (`sessionIdOf`), which needs it too; the router never parses it again. Read
   * only by the steps that use it, so a caller may compute it on first read.
   */
  sessionId?: string;
  /** Input tokens the session's previous request really used, as the upstream reported them. */
  lastInputTokens?: (sessionId: string) => number | undefined;
  isHealthy?: (provider: string) => boolean;
  /** A uniform draw in [0, 1); injected so that tests are deterministic. Defaults to Math.random. */
  random?: () => number;
  roundRobin?: RoundRobinState;
  /** How long a custom router may take before routing goes on without it. Default 2000 ms. */
  customRouterTimeoutMs?: number;
  /** The whole config, handed to the custom router as its second argument. */
  config?: unknown;
  log?: RouterLog;
}

export interface RouteTarget {
  provider: string;
  model: string;
}

export type RouteCategory = DecisionCategory;

export interface RouteDecision {
  category: RouteCategory;
  /** The matching rule's name, or `rules[i]`; only when `category` is `rule`. */
  rule?: string;
  /** Never empty: the primary first, then fallbacks in the order dispatch should try them. */
  targets: readonly RouteTarget[];
  /** The request's token count, when a step needed it (longContext, token rules, a custom router that read it). */
  tokenCount?: number;
  /** The request to send: the input itself, or a copy with the subagent tag removed. */
  request: MessagesRequest;
}

/** A config snapshot's compiled router. */
export interface Router {
  /**
   * Whether routing reads a session's last input tokens (a longContext route is configured): only
   * then are they worth recording, which means reading the session header of every request.
   */
  readonly usesSessionTokens: boolean;
  /** A promise only when a custom router runs. */
  route(request: MessagesRequest, context: RouteContext): RouteDecision | Promise<RouteDecision>;
  /** A configured category's targets in order (its fallbacks included); undefined when it has no route. */
  targetsFor(category: ConfiguredCategory, context: Pick<RouteContext, 'random' | 'roundRobin' | 'isHealthy'>): readonly RouteTarget[] | undefined;
}
