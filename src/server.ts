/**
 * Listening. Bun's own route table serves what Claude Code and health checks call:
 * `POST /v1/messages` (the path every token takes), `POST /v1/messages/count_tokens`, `GET /health`
 * and `GET /`. Elysia's request pipeline (context, hooks, response mapping) cost each request
 * several microseconds, and compiling it on the first request about half a megabyte. The routes run
 * the same handlers, auth check and error policy as the Elysia routes; every other path and method
 * (the admin API, /swagger, unknown paths) goes to the Elysia app, which documents them all.
 */
import type { Server } from 'bun';
import type { AppDeps } from './app';
import { checkAuth } from './http/auth';
import { errorResponse, logUnexpectedWith } from './http/errors';
import { healthStatus } from './http/health';
import { handleCountTokens, handleMessages } from './http/messages';

export interface ListenOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  bodyLimitBytes: number;
  /** Called as each request arrives, before anything else. */
  onRequest?: () => void;
}

export function startServer(deps: AppDeps, options: ListenOptions): Server<undefined> {
  const onUnexpected = logUnexpectedWith(deps.log);
  // The Elysia app is loaded by the first request that needs it (the admin API, /swagger, unknown
  // paths): the routes below never do, and a router nobody administers then does not carry the
  // framework (about 2 MB of resident memory).
  let app: Promise<{ fetch(request: Request): Response | Promise<Response> }> | undefined;
  const elysia = () => (app ??= import('./app').then(({ createApp }) => createApp(deps)));
  const onRequest = options.onRequest ?? (() => {});
  const health = healthStatus();
  /**
   * A route-table handler with the Elysia app's auth check. What it throws or rejects with reaches
   * the server's `error` hook below, which answers as the app does: no async wrapper and no catch
   * of its own, one promise fewer on every request.
   */
  const direct =
    (path: string, handle: (request: Request) => Response | Promise<Response>) =>
    (request: Request): Response | Promise<Response> => {
      onRequest();
      const denied = checkAuth(request, path, deps.getRuntime().settings.apiKey);
      return denied ? denied.toResponse() : handle(request);
    };
  return Bun.serve({
    hostname: options.hostname,
    port: options.port,
    // Streams can be silent for minutes while a model thinks; Bun's 10 s default would cut them.
    idleTimeout: 0,
    // Room for the multipart overhead above the limit bodyWithinLimit enforces with a clear 413.
    maxRequestBodySize: options.bodyLimitBytes + 1024 * 1024,
    development: false,
    // Bun shares the port with another process by default: a second ccr must fail to start instead.
    reusePort: false,
    routes: {
      '/v1/messages': { POST: direct('/v1/messages', (request) => handleMessages(request, deps)) },
      '/v1/messages/count_tokens': { POST: direct('/v1/messages/count_tokens', (request) => handleCountTokens(request, deps)) },
      '/health': { GET: direct('/health', () => Response.json(health())) },
      '/': { GET: direct('/', () => Response.json(health())) },
    },
    fetch: (request) => {
      onRequest();
      return elysia().then((loaded) => loaded.fetch(request));
    },
    // Bun's own error page is HTML; whatever escapes a handler still leaves in Anthropic's shape.
    error: (error) => errorResponse(error, onUnexpected),
  });
}
