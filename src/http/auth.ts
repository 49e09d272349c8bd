/**
 * With APIKEY set, `/v1/*` and `/api/*` need `Authorization: Bearer <key>` or `x-api-key: <key>`,
 * checked for every request before routing (the app's one `onRequest` hook). Compared in constant
 * time: both sides are hashed first so lengths never leak either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Elysia } from 'elysia';
import type { Logger } from '../log';
import { ApiError, logRefusal } from './errors';
import { withServerTiming } from './server-timing';

const PROTECTED = ['/v1/', '/api/'];

export function authPlugin(apiKey: () => string | undefined, log: Pick<Logger, 'info'>) {
  // Only properties of the context are read, never the context handed on: Elysia reads a hook's
  // source to decide what each request needs, and a context passed whole makes it parse every body.
  return new Elysia({ name: 'auth' }).onRequest((context) => {
    const expected = apiKey();
    const refused = expected ? checkAuth(context.request, pathOf(context.request.url), expected) : undefined;
    if (refused === undefined) return;
    logRefusal(log, context.request, refused);
    // Answered here, before any later hook: it carries its Server-Timing itself.
    return withServerTiming((context as { ccrStarted?: number }).ccrStarted, refused.toResponse());
  });
}

function isProtectedPath(pathname: string): boolean {
  return PROTECTED.some((prefix) => pathname.startsWith(prefix));
}

/** The key a request presents, from `x-api-key` or `Authorization: Bearer`. */
export function presentedKey(headers: Headers): string | undefined {
  const apiKey = headers.get('x-api-key');
  if (apiKey) return apiKey;
  const authorization = headers.get('authorization');
  if (authorization && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, '');
  return undefined;
}

function keysMatch(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** undefined when the request may pass; otherwise the 401 to answer. */
function checkAuth(request: Request, pathname: string, expected: string): ApiError | undefined {
  if (!isProtectedPath(pathname)) return undefined;
  return checkApiKey(request, expected);
}

/** The key check alone, for a route outside `/v1/` and `/api/` that wants it (`/metrics`). */
export function checkApiKey(request: Request, expected: string): ApiError | undefined {
  const presented = presentedKey(request.headers);
  if (!presented) return new ApiError(401, 'Missing API key: send "Authorization: Bearer <APIKEY>" or "x-api-key: <APIKEY>"');
  if (!keysMatch(presented, expected)) return new ApiError(401, 'Invalid API key');
  return undefined;
}

/** The path of a request URL without building a URL object. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}
