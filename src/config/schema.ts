/**
 * The config file, claude-code-router's format. This schema is the single source of both the
 * TypeScript types and validation. Every object allows additional properties: a user's file
 * written for claude-code-router must load unchanged and unknown keys are kept, never dropped.
 */
import { Type, type Static } from '@sinclair/typebox';

const open = { additionalProperties: true } as const;

/** `name` or `[name, options]`, as in `"use": ["deepseek", ["maxtoken", { "max_tokens": 8192 }]]`. */
export const TransformerUse = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Tuple([Type.String({ minLength: 1 }), Type.Record(Type.String(), Type.Unknown())]),
]);
export type TransformerUse = Static<typeof TransformerUse>;

export const TransformerChainConfig = Type.Object({ use: Type.Optional(Type.Array(TransformerUse)) }, open);

/**
 * `{ "use": [...], "<model>": { "use": [...] } }`: the provider chain applies to every model,
 * a model's chain after it.
 */
export const ProviderTransformerConfig = Type.Record(Type.String(), Type.Union([Type.Array(TransformerUse), TransformerChainConfig]));
export type ProviderTransformerConfig = Static<typeof ProviderTransformerConfig>;

/** A key with its own rotation settings, as the key-rotation fork of claude-code-router writes it. */
export const ProviderKeyConfig = Type.Object(
  {
    key: Type.String({ minLength: 1 }),
    weight: Type.Optional(Type.Number({ minimum: 0 })),
    maxFailures: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Milliseconds. */
    cooldownTime: Type.Optional(Type.Number({ minimum: 0 })),
  },
  open,
);

export const RotationStrategyConfig = Type.Union([Type.Literal('round_robin'), Type.Literal('random'), Type.Literal('weighted'), Type.Literal('least_used')]);

/**
 * `{ "triggers": [{ "type": "http_status", "codes": [429], "blacklistDuration": 300 }] }`: after one
 * of these answers the provider is skipped by health_based routes for blacklistDuration seconds.
 */
export const FailoverConfig = Type.Object(
  {
    triggers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            type: Type.String(),
            codes: Type.Optional(Type.Array(Type.Integer())),
            blacklistDuration: Type.Optional(Type.Number({ minimum: 0 })),
          },
          open,
        ),
      ),
    ),
  },
  open,
);
export type FailoverConfig = Static<typeof FailoverConfig>;

export const ProviderConfig = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    /** The full endpoint URL (`…/v1/chat/completions`), or Gemini's models base (`…/v1beta/models/`). */
    api_base_url: Type.String({ minLength: 1 }),
    /** One key, or several to rotate through. */
    api_key: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    api_keys: Type.Optional(Type.Array(Type.Union([Type.String(), ProviderKeyConfig]))),
    enable_rotation: Type.Optional(Type.Boolean()),
    rotation_strategy: Type.Optional(RotationStrategyConfig),
    retry_on_failure: Type.Optional(Type.Boolean()),
    max_retries: Type.Optional(Type.Integer({ minimum: 0 })),
    /** A Claude Code session keeps its key and target while they stay usable (default true). */
    session_affinity: Type.Optional(Type.Boolean()),
    failover: Type.Optional(FailoverConfig),
    models: Type.Optional(Type.Array(Type.String())),
    transformer: Type.Optional(ProviderTransformerConfig),
  },
  open,
);
export type ProviderConfig = Static<typeof ProviderConfig>;

/** `"provider,model"`; the model part may itself contain commas or suffixes like `:online`. */
export const RouteTarget = Type.String();

export const WeightedTarget = Type.Object(
  {
    provider: Type.String({ minLength: 1 }),
    model: Type.String({ minLength: 1 }),
    weight: Type.Optional(Type.Number({ minimum: 0 })),
  },
  open,
);
export type WeightedTarget = Static<typeof WeightedTarget>;

export const LoadBalancingStrategy = Type.Union([
  Type.Literal('weighted'),
  Type.Literal('round_robin'),
  Type.Literal('health_based'),
]);
export type LoadBalancingStrategy = Static<typeof LoadBalancingStrategy>;

export const RouteSpec = Type.Union([
  RouteTarget,
  Type.Object(
    {
      providers: Type.Array(WeightedTarget, { minItems: 1 }),
      loadBalancing: Type.Optional(Type.Object({ strategy: LoadBalancingStrategy }, open)),
      fallback: Type.Optional(Type.Array(RouteTarget)),
    },
    open,
  ),
]);
export type RouteSpec = Static<typeof RouteSpec>;

/** The `Router` keys whose value is a route, in the order the router asks them after the subagent tag. */
export const ROUTE_CATEGORIES = ['longContext', 'background', 'webSearch', 'think', 'image', 'default'] as const;
export type ConfiguredCategory = (typeof ROUTE_CATEGORIES)[number];

/** Every category a routing decision can have; each may have a top-level `fallback` list. */
export const DECISION_CATEGORIES = ['explicit', 'custom', 'rule', 'subagent', ...ROUTE_CATEGORIES] as const;
export type DecisionCategory = (typeof DECISION_CATEGORIES)[number];

/** A custom routing rule: every condition present must hold; the first matching rule wins. */
export const RouteRule = Type.Object(
  {
    name: Type.Optional(Type.String()),
    when: Type.Object(
      {
        modelContains: Type.Optional(Type.String()),
        modelPrefix: Type.Optional(Type.String()),
        modelRegex: Type.Optional(Type.String()),
        minTokens: Type.Optional(Type.Number()),
        maxTokens: Type.Optional(Type.Number()),
        hasTools: Type.Optional(Type.Boolean()),
        hasImages: Type.Optional(Type.Boolean()),
        thinking: Type.Optional(Type.Boolean()),
        header: Type.Optional(Type.Object({ name: Type.String(), equals: Type.Optional(Type.String()), contains: Type.Optional(Type.String()) }, open)),
        session: Type.Optional(Type.String()),
      },
      open,
    ),
    route: RouteSpec,
  },
  open,
);
export type RouteRule = Static<typeof RouteRule>;

export const RouterConfig = Type.Object(
  {
    default: Type.Optional(RouteSpec),
    background: Type.Optional(RouteSpec),
    think: Type.Optional(RouteSpec),
    longContext: Type.Optional(RouteSpec),
    longContextThreshold: Type.Optional(Type.Number({ minimum: 0 })),
    webSearch: Type.Optional(RouteSpec),
    image: Type.Optional(RouteSpec),
    rules: Type.Optional(Type.Array(RouteRule)),
  },
  open,
);
export type RouterConfig = Static<typeof RouterConfig>;

export const CustomTransformerConfig = Type.Object(
  { path: Type.String({ minLength: 1 }), options: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  open,
);
export type CustomTransformerConfig = Static<typeof CustomTransformerConfig>;

/**
 * What a model costs per million tokens, in the currency you write (the built-in defaults are US
 * dollars). Cache reads and writes default to the input price when absent.
 */
export const ModelPrice = Type.Object(
  {
    input: Type.Number({ minimum: 0 }),
    output: Type.Number({ minimum: 0 }),
    cacheRead: Type.Optional(Type.Number({ minimum: 0 })),
    cacheWrite: Type.Optional(Type.Number({ minimum: 0 })),
  },
  open,
);
export type ModelPrice = Static<typeof ModelPrice>;

/** Off by default: what a person turns on to see what ccr sent and received. */
export const DebugConfig = Type.Object(
  {
    /** Each request, its upstream requests and responses (streams reassembled) as one JSON file under the data folder's logs/requests/. */
    saveRequests: Type.Optional(Type.Boolean()),
    /** Files kept at most (default 200); the oldest go first. */
    maxFiles: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Files older than this are deleted (default 24). */
    maxAgeHours: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Each conversion step logged at debug level (LOG_LEVEL debug shows them). */
    traceRequests: Type.Optional(Type.Boolean()),
  },
  open,
);

export const LogLevel = Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)));

export const Config = Type.Object(
  {
    Providers: Type.Optional(Type.Array(ProviderConfig)),
    /** Older claude-code-router files spell it in lower case. */
    providers: Type.Optional(Type.Array(ProviderConfig)),
    Router: Type.Optional(RouterConfig),
    APIKEY: Type.Optional(Type.String()),
    HOST: Type.Optional(Type.String()),
    PORT: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.String()])),
    LOG: Type.Optional(Type.Boolean()),
    LOG_LEVEL: Type.Optional(LogLevel),
    API_TIMEOUT_MS: Type.Optional(Type.Union([Type.Number({ minimum: 1 }), Type.String()])),
    /** Silence allowed between two chunks of a stream; default API_TIMEOUT_MS. */
    STREAM_IDLE_TIMEOUT_MS: Type.Optional(Type.Union([Type.Number({ minimum: 1 }), Type.String()])),
    /** No new attempt starts this long after the request arrived; default API_TIMEOUT_MS. */
    RETRY_DEADLINE_MS: Type.Optional(Type.Union([Type.Number({ minimum: 1 }), Type.String()])),
    /** Listen on HOST without an APIKEY (a private network); off, ccr listens on 127.0.0.1 when no key is set. */
    ALLOW_NO_APIKEY: Type.Optional(Type.Boolean()),
    /** Log files' folder; default `logs/` in the data folder. */
    LOG_DIR: Type.Optional(Type.String()),
    /** Blacklist a provider for a while after some answers (the dual-server router's format); a provider's own `failover` wins. */
    failover: Type.Optional(FailoverConfig),
    PROXY_URL: Type.Optional(Type.String()),
    CUSTOM_ROUTER_PATH: Type.Optional(Type.String()),
    /** The Claude Code binary `ccr code` runs (the CLAUDE_PATH environment variable wins). */
    CLAUDE_PATH: Type.Optional(Type.String()),
    /** Largest accepted request body; images make Claude Code's bodies large. */
    BODY_LIMIT_BYTES: Type.Optional(Type.Number({ minimum: 1024 })),
    /** How many backups of this file `POST /api/config` keeps in `.backups/` beside it (default 20). */
    CONFIG_BACKUPS: Type.Optional(Type.Integer({ minimum: 1 })),
    transformers: Type.Optional(Type.Array(CustomTransformerConfig)),
    fallback: Type.Optional(Type.Record(Type.String(), Type.Array(RouteTarget))),
    /** Where ccr keeps its data (the usage database); default `~/.claude-code-router`. */
    DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
    /** Usage records older than this many days are deleted (default 90). */
    USAGE_RETENTION_DAYS: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Prices by model name or `provider,model`, over the built-in defaults (src/usage/default-prices.ts). */
    pricing: Type.Optional(Type.Record(Type.String(), ModelPrice)),
    /** `/metrics`: `public: true` serves it without the APIKEY (a scraper on a trusted network). */
    metrics: Type.Optional(Type.Object({ public: Type.Optional(Type.Boolean()) }, open)),
    debug: Type.Optional(DebugConfig),
  },
  open,
);
export type Config = Static<typeof Config>;
