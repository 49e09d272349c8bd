/** `/api/stats` in TypeBox, for validation of what is sent and for /swagger (src/stats/snapshot-types.ts is the type). */
import { t } from 'elysia';
import { ProviderSchema } from './admin-status';

const ms = (description: string) => t.Union([t.Number(), t.Null()], { description: `${description}, ms; null without a sample` });

export const FiguresSchema = t.Object({
  requests: t.Integer(),
  errors: t.Integer({ description: 'Ended in an error status or a stream error event' }),
  aborted: t.Integer({ description: 'The client left before the answer ended' }),
  successRate: t.Union([t.Number(), t.Null()], { description: 'Answered without error, of the requests their client did not abandon (0..1)' }),
  latencyP50Ms: ms('Median time to the last byte'),
  latencyP95Ms: ms('95th percentile time to the last byte'),
  ttftP50Ms: ms('Median time to the first byte'),
  ttftP95Ms: ms('95th percentile time to the first byte'),
  overheadP50Ms: ms("Median time spent in ccr itself (latency less upstream calls and retry waits)"),
  inputTokens: t.Integer({ description: 'As the upstreams reported them, cache reads and writes apart' }),
  outputTokens: t.Integer(),
  cacheReadTokens: t.Integer(),
  cacheWriteTokens: t.Integer(),
  cost: t.Number({ description: 'At the configured prices (built-in defaults: US dollars)' }),
  unpricedRequests: t.Integer({ description: 'Requests to a model with no price: not in cost' }),
});

const ModelFiguresSchema = t.Composite([t.Object({ provider: t.String(), model: t.String() }), FiguresSchema]);

const SeriesPointSchema = t.Object({
  t: t.Number({ description: "The bucket's start, ms since the epoch" }),
  requests: t.Integer(),
  errors: t.Integer(),
  latencyP50Ms: ms('Median latency'),
  latencyP95Ms: ms('95th percentile latency'),
  ttftP50Ms: ms('Median time to first byte'),
  inputTokens: t.Integer(),
  outputTokens: t.Integer(),
  cost: t.Number(),
});

const WindowSchema = t.Object({
  spanSeconds: t.Number(),
  bucketSeconds: t.Number(),
  totals: FiguresSchema,
  providers: t.Record(t.String(), FiguresSchema, { description: 'By provider name' }),
  models: t.Record(t.String(), ModelFiguresSchema, { description: 'By "provider,model"' }),
  routes: t.Record(t.String(), t.Integer(), { description: 'Requests per routing category' }),
  series: t.Array(SeriesPointSchema, { description: 'One point a bucket, oldest first' }),
});

const SessionSchema = t.Object({
  sessionId: t.String(),
  requests: t.Integer(),
  errors: t.Integer(),
  inputTokens: t.Integer(),
  outputTokens: t.Integer(),
  cacheReadTokens: t.Integer(),
  cost: t.Number(),
  firstAt: t.String(),
  lastAt: t.String(),
  lastProvider: t.String(),
  lastModel: t.String(),
});

const RecentSchema = t.Object({
  at: t.String({ description: 'When it completed' }),
  sessionId: t.String(),
  route: t.String({ description: "Routing category; '' when refused before routing" }),
  provider: t.String(),
  model: t.String(),
  status: t.Integer(),
  outcome: t.Union([t.Literal('ok'), t.Literal('error'), t.Literal('aborted')]),
  streamed: t.Boolean(),
  latencyMs: t.Number(),
  ttftMs: t.Union([t.Number(), t.Null()]),
  inputTokens: t.Integer(),
  outputTokens: t.Integer(),
  cost: t.Union([t.Number(), t.Null()]),
  hops: t.Integer({ description: 'Failed keys or targets passed over' }),
  error: t.Optional(t.String()),
});

export const StatsSnapshotSchema = t.Object({
  generatedAt: t.String(),
  now: t.Number({ description: 'ms since the epoch' }),
  startedAt: t.String(),
  uptimeSeconds: t.Integer(),
  version: t.String(),
  inflight: t.Object({ requests: t.Integer(), streams: t.Integer() }, { description: 'Requests to /v1/messages under way' }),
  windows: t.Object(
    { '1m': WindowSchema, '1h': WindowSchema, '24h': WindowSchema },
    { description: 'The last minute (1 s buckets), hour (1 min buckets) and day (15 min buckets)' },
  ),
  providers: t.Array(ProviderSchema, { description: 'As GET /api/status shows them' }),
  models: t.Record(t.String(), t.Array(t.String()), { description: "Each provider's configured models" }),
  pinnedSessions: t.Integer(),
  sessions: t.Array(SessionSchema, { description: 'Latest activity first, since ccr started' }),
  recent: t.Array(RecentSchema, { description: 'The latest requests, newest first; no bodies' }),
});

export const ServerListSchema = t.Object({
  servers: t.Array(
    t.Object({
      name: t.String(),
      url: t.String(),
      status: t.String({ description: "The supervisor's word: starting, running, restarting, failed, stopped; 'this' for a server outside a service" }),
    }),
  ),
});
