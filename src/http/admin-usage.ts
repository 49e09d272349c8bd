/**
 * `/api/usage`: usage accounting. Totals, per provider and per model, over a time range and as a
 * time series; sessions by last activity; one session; deleting one. Each answer first writes what
 * the recorder has queued, so a request that completed is in it.
 */
import { Elysia, t } from 'elysia';
import type { UsageQueries } from '../usage/queries';
import { ApiError } from './errors';
import { DEFAULT_PAGE_SIZE, granularityOf, MAX_PAGE_SIZE, pageOf, timeRangeOf } from './usage-params';

export interface AdminUsageOptions {
  /** Absent when usage accounting could not start: the routes answer 503 with `unavailable()`. */
  queries: () => UsageQueries | undefined;
  /** Writes the queued records. */
  flush: () => void;
  /** Why there is no usage database. */
  unavailable?: () => string;
}

const count = (description: string) => t.Number({ description });
const Figures = t.Object({
  requests: count('Requests recorded'),
  errors: count('Requests that ended in an error status or a stream error event'),
  aborted: count('Streams the client left before their end'),
  inputTokens: count('Input tokens, not counting cache reads and writes'),
  outputTokens: count('Output tokens'),
  cacheReadTokens: count('Input tokens read from the prompt cache'),
  cacheWriteTokens: count('Input tokens written to the prompt cache'),
  cost: t.Number({ description: 'Summed from each request’s cost at the prices of its time (built-in defaults: US dollars)' }),
  unpricedRequests: count('Requests to a model with no price: not in cost'),
  estimatedRequests: count('Requests whose token counts were estimated with js-tiktoken (the upstream reported none)'),
  streamedRequests: count('Requests answered as a stream'),
  failoverHops: count('Failed targets passed over on the way to an answer'),
  avgLatencyMs: t.Union([t.Number(), t.Null()]),
  avgTtftMs: t.Union([t.Number(), t.Null()], { description: 'Average time to the first byte of a streamed answer' }),
});
const ModelFigures = t.Composite([t.Object({ provider: t.String(), model: t.String() }), Figures]);
const Summary = t.Object({
  since: t.Union([t.String(), t.Null()]),
  until: t.Union([t.String(), t.Null()]),
  totals: Figures,
  providers: t.Record(t.String(), Figures, { description: 'By provider name' }),
  models: t.Record(t.String(), ModelFigures, { description: 'By "provider,model"' }),
  series: t.Optional(t.Array(t.Composite([t.Object({ start: t.String({ description: 'UTC start of the hour or day' }) }), Figures]))),
});
const ProviderUsage = t.Object({
  inputTokens: t.Number(),
  outputTokens: t.Number(),
  cacheReadTokens: t.Number(),
  cacheWriteTokens: t.Number(),
  cost: t.Number(),
  requests: t.Number(),
});
const Session = t.Object({
  sessionId: t.String(),
  firstAt: t.String(),
  lastAt: t.String(),
  providers: t.Record(t.String(), ProviderUsage),
  totalInputTokens: t.Number(),
  totalOutputTokens: t.Number(),
  totalCacheReadTokens: t.Number(),
  totalCacheWriteTokens: t.Number(),
  totalCost: t.Number(),
  totalRequests: t.Number(),
  totalErrors: t.Number(),
});
const SessionPage = t.Object({
  sessions: t.Array(Session),
  total: t.Number({ description: 'Sessions recorded' }),
  nextCursor: t.Union([t.String(), t.Null()], { description: 'Pass as cursor for the next page; null on the last' }),
});
const ErrorBody = t.Object({ type: t.Literal('error'), error: t.Object({ type: t.String(), message: t.String() }) });

const instant = (description: string) => t.Optional(t.String({ description: `${description}: an ISO 8601 date or time, or ms since the epoch` }));
const SummaryQuery = t.Object({
  since: instant('From (inclusive)'),
  until: instant('Until (exclusive)'),
  group: t.Optional(t.String({ description: 'day or hour: adds a UTC time series', examples: ['day'] })),
});
const PageQuery = t.Object({
  limit: t.Optional(t.String({ description: `Sessions per page, 1-${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })),
  offset: t.Optional(t.String({ description: 'Sessions to skip' })),
  cursor: t.Optional(t.String({ description: 'nextCursor of the previous page (stable while new requests arrive)' })),
});
const SessionParams = t.Object({ id: t.String({ description: 'The session id' }) });

export function adminUsagePlugin(options: AdminUsageOptions) {
  const queries = (): UsageQueries => {
    const found = options.queries();
    if (!found) throw new ApiError(503, `Usage accounting is not available: ${options.unavailable?.() ?? 'its database is not open'}`, { type: 'api_error' });
    options.flush();
    return found;
  };
  const sessionOrThrow = (id: string) => {
    const session = queries().session(id);
    if (!session) throw new ApiError(404, `No usage recorded for session "${id}"`);
    return session;
  };
  return new Elysia({ name: 'admin-usage' })
    .onError(({ error }) => {
      // Anything else is left to the app's handler, which logs it and answers in Anthropic's shape.
      if (error instanceof ApiError) return error.toResponse();
    })
    .get('/api/usage', ({ query }) => queries().summary(timeRangeOf(query), granularityOf(query)), {
      query: SummaryQuery,
      response: { 200: Summary, 400: ErrorBody, 503: ErrorBody },
      detail: {
        tags: ['Admin'],
        summary: 'Usage totals',
        description:
          'Requests, tokens (input, output, cache read, cache write) and cost in total, per provider and per "provider,model", ' +
          'over an optional time range; with group=day or group=hour, also a UTC time series.',
      },
    })
    .get('/api/usage/sessions', ({ query }) => queries().sessions(pageOf(query)), {
      query: PageQuery,
      response: { 200: SessionPage, 400: ErrorBody, 503: ErrorBody },
      detail: {
        tags: ['Admin'],
        summary: 'Usage by session',
        description: 'Sessions, newest activity first, each with its usage per provider; paged by limit and offset, or by cursor.',
      },
    })
    .get('/api/usage/sessions/:id', ({ params }) => sessionOrThrow(params.id), {
      params: SessionParams,
      response: { 200: Session, 404: ErrorBody, 503: ErrorBody },
      detail: { tags: ['Admin'], summary: 'Usage of one session', description: 'Tokens, cost and requests per provider, and totals.' },
    })
    .delete(
      '/api/usage/sessions/:id',
      ({ params }) => {
        const deletedRequests = queries().deleteSession(params.id);
        if (deletedRequests === 0) throw new ApiError(404, `No usage recorded for session "${params.id}"`);
        return { sessionId: params.id, deletedRequests };
      },
      {
        params: SessionParams,
        response: { 200: t.Object({ sessionId: t.String(), deletedRequests: t.Number() }), 404: ErrorBody, 503: ErrorBody },
        detail: { tags: ['Admin'], summary: 'Delete a session’s usage', description: 'Deletes every usage record of the session.' },
      },
    );
}
