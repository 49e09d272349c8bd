/** `GET /` and `GET /health` in the Elysia app, documented; server.ts serves them without Elysia. */
import { Elysia, t } from 'elysia';
import { healthStatus } from './health';

const HealthSchema = t.Object({ status: t.Literal('ok'), version: t.String(), uptime: t.Number({ description: 'seconds' }) });

export function healthPlugin(startedAt = Date.now()) {
  const health = healthStatus(startedAt);
  return new Elysia({ name: 'health' })
    .get('/', health, { response: HealthSchema, detail: { tags: ['Health'], summary: 'Service status' } })
    .get('/health', health, { response: HealthSchema, detail: { tags: ['Health'], summary: 'Service status (no auth)' } });
}
