/** Composes the HTTP surface from its plugins; nothing else lives here. */
import { Elysia } from 'elysia';
import pkg from '../package.json' with { type: 'json' };
import { providersOf } from './config/validate';
import { adminTransformersPlugin } from './http/admin-transformers';
import { adminUsagePlugin } from './http/admin-usage';
import { checkAuth } from './http/auth';
import { ApiError, errorResponse, logUnexpectedWith } from './http/errors';
import { healthPlugin } from './http/health-plugin';
import type { MessagesDeps } from './http/messages';
import { messagesPlugin } from './http/messages-plugin';
import { routeExplainPlugin } from './http/route-explain';
import { describeTransformers } from './transformers/registry';
import type { UsageQueries } from './usage/queries';
import type { UsageRecorder } from './usage/recorder';

export interface AppDeps extends MessagesDeps {
  usage?: UsageRecorder;
  /** Usage accounting's reads; absent, /api/usage answers 503 saying `usageUnavailable`. */
  usageQueries?: UsageQueries;
  usageUnavailable?: string;
}

/** Every endpoint ccr serves, as one plugin: mounted by the app, and by the docs app that describes it. */
function apiPlugin(deps: AppDeps) {
  return new Elysia({ name: 'ccr-api' })
    .use(healthPlugin())
    .use(messagesPlugin(deps))
    .use(
      routeExplainPlugin(
        () => deps.getRuntime().router,
        () => ({ lastInputTokens: (id) => deps.sessions.get(id), config: deps.getRuntime().config }),
      ),
    )
    .use(adminTransformersPlugin(() => describeTransformers(deps.getRuntime().registry, providersOf(deps.getRuntime().config))))
    .use(
      adminUsagePlugin({
        queries: () => deps.usageQueries,
        flush: () => deps.usage?.flush(),
        unavailable: () => deps.usageUnavailable ?? 'usage accounting is off',
      }),
    );
}

export function createApp(deps: AppDeps) {
  const docs = lazyDocs(deps);
  return new Elysia({ name: 'ccr' })
    .onRequest(({ request }) => {
      const denied = checkAuth(request, pathOf(request.url), deps.getRuntime().settings.apiKey);
      if (denied) return denied.toResponse();
    })
    .onError(({ code, error }) => {
      if (error instanceof ApiError) return error.toResponse();
      switch (code) {
        case 'NOT_FOUND':
          return new ApiError(404, 'Not found').toResponse();
        case 'PARSE':
          return new ApiError(400, `Request body could not be parsed: ${(error as Error).message}`).toResponse();
        case 'VALIDATION':
          return new ApiError(400, (error as Error).message).toResponse();
        default:
          return errorResponse(error, logUnexpectedWith(deps.log));
      }
    })
    .use(apiPlugin(deps))
    .get('/swagger', ({ request }) => docs(request), { detail: { hide: true } })
    .get('/swagger/*', ({ request }) => docs(request), { detail: { hide: true } });
}

/**
 * `/swagger` is served by a second app, built on first visit, that mounts the same endpoints under
 * @elysiajs/swagger: the plugin and its UI cost about 20 MB of memory that a router nobody browses
 * should not carry.
 */
function lazyDocs(deps: AppDeps): (request: Request) => Promise<Response> {
  let docsApp: Promise<{ handle(request: Request): Promise<Response> }> | undefined;
  return async (request) => {
    docsApp ??= import('@elysiajs/swagger').then(({ swagger }) =>
      new Elysia({ name: 'ccr-docs' })
        .use(
          swagger({
            path: '/swagger',
            documentation: {
              info: { title: 'ccr', version: pkg.version, description: 'Anthropic Messages API in front of any model provider' },
              tags: [
                { name: 'Anthropic API', description: 'What Claude Code and Anthropic SDKs call' },
                { name: 'Admin', description: 'Inspect routing and transformers; usage accounting' },
                { name: 'Health', description: 'Liveness' },
              ],
              components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } } },
            },
          }),
        )
        .use(apiPlugin(deps)),
    );
    return (await docsApp).handle(request);
  };
}

/** The path of a request URL without building a URL object on every request. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}
