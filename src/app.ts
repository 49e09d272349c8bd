/**
 * The one Elysia app: every route ccr serves, with auth and the Anthropic error shape composed once
 * each, here; a route that takes a body names read-body.ts's `rawBody`, where the body limit is.
 * Nothing else lives here.
 */
import type { ElysiaSwaggerConfig } from '@elysiajs/swagger';
import { Elysia } from 'elysia';
import pkg from '../package.json' with { type: 'json' };
import { providersOf } from './config/validate';
import { adminConfigPlugin, type AdminConfigOptions } from './http/admin-config';
import { adminStatusPlugin } from './http/admin-status';
import { adminTransformersPlugin } from './http/admin-transformers';
import { authPlugin } from './http/auth';
import { anthropicErrors } from './http/errors';
import { healthPlugin } from './http/health';
import { messagesPlugin, type MessagesDeps } from './http/messages';
import { adminUsagePlugin } from './http/admin-usage';
import { routeExplainPlugin } from './http/route-explain';
import { describeTransformers } from './transformers/registry';
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
}

export function createApp(deps: AppDeps) {
  const settings = () => deps.getRuntime().settings;
  const docs = lazyDocs(deps);
  return new Elysia({ name: 'ccr' })
    .use(authPlugin(() => settings().apiKey, deps.log))
    .use(anthropicErrors(deps.log))
    .use(apiPlugin(deps))
    .get('/swagger', ({ request }) => docs(request), { detail: { hide: true } })
    .get('/swagger/*', ({ request }) => docs(request), { detail: { hide: true } });
}

/** Every endpoint ccr serves, as one plugin: mounted by the app, and by the docs app that describes it. */
function apiPlugin(deps: AppDeps) {
  const runtime = deps.getRuntime;
  return new Elysia({ name: 'ccr-api' })
    .use(healthPlugin({ unreachable: deps.unreachable }))
    .use(messagesPlugin(deps))
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
    );
}

/**
 * `/swagger` is served by a second app, built on first visit, that mounts the same endpoints under
 * @elysiajs/swagger: the plugin and its UI cost about 20 MB of memory that a router nobody browses
 * should not carry.
 */
function lazyDocs(deps: AppDeps): (request: Request) => Promise<Response> {
  let docsApp: Promise<{ handle(request: Request): Promise<Response> }> | undefined;
  return (request) => {
    docsApp ??= import('@elysiajs/swagger').then(({ swagger }) => new Elysia({ name: 'ccr-docs' }).use(swagger(swaggerOptions)).use(apiPlugin(deps)));
    return docsApp.then((app) => app.handle(request));
  };
}

const swaggerOptions: ElysiaSwaggerConfig<'/swagger'> = {
  path: '/swagger',
  documentation: {
    info: { title: 'ccr', version: pkg.version, description: 'Anthropic Messages API in front of any model provider' },
    tags: [
      { name: 'Anthropic API', description: 'What Claude Code and Anthropic SDKs call' },
      { name: 'Admin', description: 'Inspect routing and transformers; read, change, back up and restore the config; provider and key state; usage accounting' },
      { name: 'Health', description: 'Liveness' },
    ],
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } } },
  },
};
