/**
 * Every response carries `Server-Timing: ccr;dur=…, upstream;dur=…` (milliseconds): ccr's own
 * time and the time spent waiting on providers. `/v1/messages` writes its own (messages.ts), which
 * knows the upstream part; every other response, errors included, gets ccr's time alone here.
 * A stream's figures are those when its headers left.
 * @see https://www.w3.org/TR/server-timing/
 */
import { Elysia } from 'elysia';
import { ownServerTiming } from '../stats/request-timing';

export const SERVER_TIMING = 'server-timing';

/**
 * The arrival time rides on Elysia's per-request context, which every later hook receives. Hooks
 * read properties of the context and never hand it on whole: Elysia reads a hook's source to
 * decide what a request needs, and a context passed to a function makes it parse every body.
 */
interface TimedContext {
  ccrStarted?: number;
}

/**
 * For a response answered in an `onRequest` hook, which no later hook sees (auth.ts's 401):
 * `started` is the context's `ccrStarted`.
 */
export function withServerTiming(started: number | undefined, response: Response): Response {
  if (started !== undefined) response.headers.set(SERVER_TIMING, ownServerTiming(started));
  return response;
}

/**
 * The arrival stamp, and the header on errors (Anthropic's error handler, registered after, builds
 * the response from what this sets). First among the app's hooks.
 */
export function serverTimingPlugin() {
  return new Elysia({ name: 'server-timing' })
    .onRequest((context) => {
      (context as TimedContext).ccrStarted = performance.now();
    })
    .onError({ as: 'global' }, (context) => {
      // Runs before the Anthropic error handler; what it sets is merged into the response it returns.
      const { set } = context;
      const started = (context as TimedContext).ccrStarted;
      if (started !== undefined) set.headers[SERVER_TIMING] = ownServerTiming(started);
    });
}

/**
 * The header on answers, for the routes registered after this plugin: Elysia applies a hook only
 * to the routes that come after it, and `/v1/messages`, which writes its own header (it knows the
 * upstream part), is mounted before it (app.ts). A `mapResponse` slows every route it covers: on
 * `/v1/messages` it cost about 4 % of the requests per second at c=32 (bench/ab.ts).
 */
export function serverTimingResponses() {
  return new Elysia({ name: 'server-timing-responses' }).mapResponse({ as: 'global' }, (context) => {
    const started = (context as TimedContext).ccrStarted;
    if (started === undefined) return;
    const { response } = context as { response: unknown };
    if (response instanceof Response) {
      if (!response.headers.has(SERVER_TIMING)) response.headers.set(SERVER_TIMING, ownServerTiming(started));
    } else if (context.set.headers[SERVER_TIMING] === undefined) context.set.headers[SERVER_TIMING] = ownServerTiming(started);
  });
}
