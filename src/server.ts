/** Listening: the one Elysia app (app.ts) on Bun.serve, with what only the listener can set. */
import type { Server } from 'bun';

export interface ListenOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  bodyLimitBytes: number;
  /** Called as each request arrives, before anything else. */
  onRequest?: () => void;
}

export function startServer(app: { fetch(request: Request): Response | Promise<Response> }, options: ListenOptions): Server<undefined> {
  const onRequest = options.onRequest;
  return Bun.serve({
    hostname: options.hostname,
    port: options.port,
    // Streams can be silent for minutes while a model thinks; Bun's 10 s default would cut them.
    idleTimeout: 0,
    // Bun refuses a body far past the limit before reading it; the app's parser answers the exact
    // limit with a 413 in Anthropic's shape (http/read-body.ts).
    maxRequestBodySize: options.bodyLimitBytes + 1024 * 1024,
    development: false,
    // Bun shares the port with another process by default: a second ccr must fail to start instead.
    reusePort: false,
    fetch: onRequest
      ? (request) => {
          onRequest();
          return app.fetch(request);
        }
      : app.fetch,
  });
}
