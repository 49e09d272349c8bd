/**
 * Listening. Bun's own route table serves `POST /v1/messages`, the path every token takes:
 * Elysia's request pipeline (context, hooks, response mapping) cost it several microseconds a
 * request. The route runs the same handler, auth check and error policy as the Elysia route;
 * every other path and method goes to the Elysia app.
 */
import type { Server } from 'bun';
import { createApp, logUnexpected, type AppDeps } from './app';
import { checkAuth } from './http/auth';
import { errorResponse } from './http/errors';
import { handleMessages } from './http/messages';

export interface ListenOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  bodyLimitBytes: number;
  /** Called as each request arrives, before anything else. */
  onRequest?: () => void;
}

export function startServer(deps: AppDeps, options: ListenOptions): Server<undefined> {
  const app = createApp(deps);
  const onUnexpected = logUnexpected(deps);
  const onRequest = options.onRequest ?? (() => {});
  return Bun.serve({
    hostname: options.hostname,
    port: options.port,
    // Streams can be silent for minutes while a model thinks; Bun's 10 s default would cut them.
    idleTimeout: 0,
    // Room for the multipart overhead above the limit readBodyText enforces with a clear 413.
    maxRequestBodySize: options.bodyLimitBytes + 1024 * 1024,
    development: false,
    // Bun shares the port with another process by default: a second ccr must fail to start instead.
    reusePort: false,
    routes: {
      '/v1/messages': {
        POST: async (request) => {
          onRequest();
          try {
            const denied = checkAuth(request, '/v1/messages', deps.getRuntime().settings.apiKey);
            return denied ? denied.toResponse() : await handleMessages(request, deps);
          } catch (error) {
            return errorResponse(error, onUnexpected);
          }
        },
      },
    },
    fetch: (request) => {
      onRequest();
      return app.fetch(request);
    },
    // Bun's own error page is HTML; whatever escapes a handler still leaves in Anthropic's shape.
    error: (error) => errorResponse(error, onUnexpected),
  });
}
