/** `GET /` and `GET /health`: liveness for load balancers and Docker's HEALTHCHECK. No auth. */
import { Elysia, t } from 'elysia';
import pkg from '../../package.json' with { type: 'json' };

const HealthSchema = t.Object({ status: t.Literal('ok'), version: t.String(), uptime: t.Number({ description: 'seconds' }) });

export function healthPlugin(startedAt = Date.now()) {
  const health = () => ({ status: 'ok' as const, version: pkg.version, uptime: Math.round((Date.now() - startedAt) / 1000) });
  return new Elysia({ name: 'health' })
    .get('/', health, { response: HealthSchema, detail: { tags: ['Health'], summary: 'Service status' } })
    .get('/health', health, { response: HealthSchema, detail: { tags: ['Health'], summary: 'Service status (no auth)' } });
}
