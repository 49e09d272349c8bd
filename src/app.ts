/**
 * The one Elysia app: every route ccr serves, with auth and the Anthropic error shape composed once
 * each, here; a route that takes a body names read-body.ts's `rawBody`, where the body limit is.
 * Nothing else lives here.
 */
import type { ElysiaSwaggerConfig } from '@elysiajs/swagger';
import { Elysia } from 'elysia';
import pkg from '../package.json' with { type: 'json' };
import { debugSettingsOf, metricsArePublic } from './config/observability';
import { providersOf } from './config/validate';
import { captureFactory } from './debug/request-capture';
import type { SavedRequests } from './debug/saved-requests';
import { adminConfigPlugin, type AdminConfigOptions } from './http/admin-config';
import { adminStatusPlugin } from './http/admin-status';
import { adminTransformersPlugin } from './http/admin-transformers';
import { authPlugin } from './http/auth';
import { dashboardPlugin } from './http/dashboard';
import { anthropicErrors } from './http/errors';
import { healthPlugin } from './http/health';
import { messagesPlugin, type MessagesDeps } from './http/messages';
import { metricsPlugin } from './http/metrics';
import { serverTimingPlugin, serverTimingResponses } from './http/server-timing';
import { statsApiPlugin, type ServiceServer } from './http/stats-api';
import { swaggerPagePlugin } from './http/swagger-page';
import { adminUsagePlugin } from './http/admin-usage';
import { routeExplainPlugin } from './http/route-explain';
import { statsReader } from './stats/read';
import { RequestStats } from './stats/request-stats';
import { describeTransformers } from './transformers/registry';
import { priceTableOf } from './usage/pricing';
import type { UsageQueries } from './usage/queries';
import type { UsageRecorder } from './usage/recorder';

export interface AppDeps extends MessagesDeps {
  configAdmin: Omit<AdminConfigOptions, 'getRuntime'>;
  /** Why nobody outside can reach the router, if so (container.ts): /health answers 503 with it. */
  unreachable?: () => string | undefined;
  usage?: UsageRecorder;
  /** Usage accounting's reads; absent, /api/usage answers 503 saying `usageUnavailable`. */
  usageQueries?: UsageQueries;
  usageUnavailable?: string;
  /** Live statistics; one is made when absent. */
  stats?: RequestStats;
  /** The servers of the service this one runs in (the CLI's service.json), for /dual-stats. */
  serviceServers?: () => ServiceServer[];
  /** Where `debug.saveRequests` writes; absent, nothing is saved. */
  savedRequests?: SavedRequests;
  /** How often the dashboard's feed pushes a snapshot (default 1 s). */
  statsIntervalMs?: number;
  /** Aborted as the server stops: the live feeds close (stats-api.ts). */
  shutdown?: AbortSignal;
}

export function createApp(deps: AppDeps) {
  // Filled in on the object itself: routes read deps when a request comes, and tests swap its fields.
  deps.stats ??= new RequestStats({ prices: () => priceTableOf(deps.getRuntime().config), clock: deps.liveState.clock });
  deps.capture ??= captureFactory({ log: deps.log, saved: deps.savedRequests }, (runtime) => debugSettingsOf(runtime.config));
  const settings = () => deps.getRuntime().settings;
  const docs = lazyDocs(deps);
  return new Elysia({ name: 'ccr' })
    .use(serverTimingPlugin())
    .use(authPlugin(() => settings().apiKey, deps.log))
    .use(anthropicErrors(deps.log))
    .use(apiPlugin(deps))
    .use(dashboardPlugin({ apiKey: () => settings().apiKey }))
    .use(swaggerPagePlugin(`ccr ${pkg.version} API`))
    .get('/swagger/*', ({ request }) => docs(request), { detail: { hide: true } });
}

/** Every endpoint ccr serves, as one plugin: mounted by the app, and by the docs app that describes it (`describe`). */
function apiPlugin(deps: AppDeps, describe = false) {
  const runtime = deps.getRuntime;
  const reader = statsReader({ stats: deps.stats!, getRuntime: runtime, live: deps.liveState, version: pkg.version });
  return new Elysia({ name: 'ccr-api' })
    // Before the Server-Timing hook for answers: it writes its own header (server-timing.ts).
    .use(messagesPlugin(deps))
    .use(serverTimingResponses())
    .use(healthPlugin({ startedAt: deps.stats!.startedAt, unreachable: deps.unreachable }))
    .use(
      routeExplainPlugin(
        () => runtime().router,
        () => ({ lastInputTokens: (id) => deps.sessions.get(id), config: runtime().config }),
        () => runtime().settings.bodyLimitBytes,
      ),
    )
    .use(adminTransformersPlugin(() => describeTransformers(runtime().registry, providersOf(runtime().config))))
    .use(adminConfigPlugin({ ...deps.configAdmin, getRuntime: runtime }))
    .use(adminStatusPlugin({ getRuntime: runtime, live: deps.liveState }))
    .use(
      adminUsagePlugin({
        queries: () => deps.usageQueries,
        flush: () => deps.usage?.flush(),
        unavailable: () => deps.usageUnavailable ?? 'usage accounting is off',
      }),
    )
    .use(statsApiPlugin({ reader, servers: deps.serviceServers, intervalMs: deps.statsIntervalMs, shutdown: deps.shutdown, describe }))
    .use(metricsPlugin({ metrics: reader.metrics, apiKey: () => runtime().settings.apiKey, isPublic: () => metricsArePublic(runtime().config) }));
}

/**
 * `/swagger/json` is served by a second app, built on first visit, that mounts the same endpoints
 * under @elysiajs/swagger: the plugin costs about 20 MB of memory that a router nobody browses
 * should not carry. The page that reads it is ccr's own (swagger-page.ts).
 */
function lazyDocs(deps: AppDeps): (request: Request) => Promise<Response> {
  let docsApp: Promise<{ handle(request: Request): Promise<Response> }> | undefined;
  return (request) => {
    docsApp ??= import('@elysiajs/swagger').then(({ swagger }) => new Elysia({ name: 'ccr-docs' }).use(swagger(swaggerOptions)).use(apiPlugin(deps, true)));
    return docsApp.then((app) => app.handle(request));
  };
}

const swaggerOptions: ElysiaSwaggerConfig<'/swagger'> = {
  path: '/swagger',
  documentation: {
    info: { title: 'ccr', version: pkg.version, description: 'Anthropic Messages API in front of any model provider' },
    tags: [
      { name: 'Anthropic API', description: 'What Claude Code and Anthropic SDKs call' },
      { name: 'Admin', description: 'Inspect routing and transformers; read, change, back up and restore the config; provider and key state; usage accounting; live statistics and Prometheus metrics' },
      { name: 'Health', description: 'Liveness' },
    ],
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } } },
    // Either scheme, for every operation: with APIKEY set, Swagger UI's "Try it out" sends the key
    // entered under Authorize (routes that need none ignore it).
    security: [{ apiKey: [] }, { bearer: [] }],
  },
};
