/** Listening: the one Elysia app (app.ts) on Bun.serve, with what only the listener can set. */
import type { Server } from 'bun';

/** Bun's own ceiling never below this: a declared length past the limit must reach the app to get its 413. */
const MIN_MAX_BODY_BYTES = 256 * 1024 * 1024;

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
    // A body declared over the limit gets the app's 413 in Anthropic's shape before it is read
    // (http/read-body.ts); Bun's own, an empty 413, is left for bodies without a length past this.
    maxRequestBodySize: Math.max(options.bodyLimitBytes * 4, MIN_MAX_BODY_BYTES),
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
