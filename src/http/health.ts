/**
 * `GET /` and `GET /health`: liveness for load balancers and Docker's HEALTHCHECK (a browser at `/`
 * is sent to the dashboard). No auth. A router
 * that knows nobody can reach it (a container without APIKEY, bound to its own 127.0.0.1) says so
 * with a 503 instead of reporting itself healthy.
 */
import { Elysia, t } from 'elysia';
import pkg from '../../package.json' with { type: 'json' };

const HealthSchema = t.Object({
  status: t.Union([t.Literal('ok'), t.Literal('unreachable')]),
  version: t.String(),
  uptime: t.Number({ description: 'seconds' }),
  reason: t.Optional(t.String({ description: 'Why nobody outside can reach the router (status unreachable)' })),
});

/**
 * A person typing the router's address in a browser means the dashboard; health checkers and
 * scripts do not ask for HTML.
 */
const wantsPage = (request: Request) => request.headers.get('accept')?.includes('text/html') === true;

export interface HealthOptions {
  startedAt?: number;
  /** Why the router is unreachable from outside, if it is. */
  unreachable?: () => string | undefined;
}

export function healthPlugin({ startedAt = Date.now(), unreachable }: HealthOptions = {}) {
  const health = ({ set }: { set: { status?: number | string } }) => {
    const uptime = Math.round((Date.now() - startedAt) / 1000);
    const reason = unreachable?.();
    if (reason === undefined) return { status: 'ok' as const, version: pkg.version, uptime };
    set.status = 503;
    return { status: 'unreachable' as const, version: pkg.version, uptime, reason };
  };
  const detail = (summary: string) => ({
    response: { 200: HealthSchema, 503: HealthSchema },
    detail: { tags: ['Health'], summary },
  });
  return new Elysia({ name: 'health' })
    .get('/', (context) => (wantsPage(context.request) ? Response.redirect('/ui', 302) : health(context)), detail('Service status (a browser is sent to the dashboard)'))
    .get('/health', health, detail('Service status (no auth)'));
}
