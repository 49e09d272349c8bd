/**
 * What the admin API reads from the usage database: totals, per provider and per model, a time
 * series, sessions by last activity, one session. Costs are summed from the cost stored with each
 * record (at the prices of its time); requests with no known price count as unpriced.
 */
import type { Database, Statement } from 'bun:sqlite';

export interface UsageFigures {
  requests: number;
  /** Requests that ended in an error status or a stream's error event. */
  errors: number;
  /** Streams the client left before their end. */
  aborted: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
  /** Requests to a model without a price: not in `cost`. */
  unpricedRequests: number;
  /** Requests whose counts (some or all) were estimated with js-tiktoken. */
  estimatedRequests: number;
  streamedRequests: number;
  /** Failed targets passed over on the way to an answer, summed. */
  failoverHops: number;
  avgLatencyMs: number | null;
  /** Over streamed requests: the first byte of a JSON answer is its whole body. */
  avgTtftMs: number | null;
}

export interface TimeRange {
  /** ms since the epoch, inclusive. */
  since?: number;
  /** ms since the epoch, exclusive. */
  until?: number;
}

export type Granularity = 'hour' | 'day';

export interface UsageSummary {
  since: string | null;
  until: string | null;
  totals: UsageFigures;
  providers: Record<string, UsageFigures>;
  models: Record<string, UsageFigures & { provider: string; model: string }>;
  /** With `group`: one entry per UTC hour or day that had requests, oldest first. */
  series?: Array<UsageFigures & { start: string }>;
}

export interface SessionProviderUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
  requests: number;
}

export interface SessionUsage {
  sessionId: string;
  firstAt: string;
  lastAt: string;
  /** Requests that failed before a provider was chosen count in the totals only. */
  providers: Record<string, SessionProviderUsage>;
  totalInputTokens: number;
  totalOutputTokens: number;
  totalCacheReadTokens: number;
  totalCacheWriteTokens: number;
  totalCost: number;
  totalRequests: number;
  totalErrors: number;
}

export interface SessionPage {
  sessions: SessionUsage[];
  /** Sessions in the database. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

const BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

const FIGURES = `
  COUNT(*) AS requests,
  TOTAL(outcome = 'error') AS errors,
  TOTAL(outcome = 'aborted') AS aborted,
  TOTAL(input_tokens) AS inputTokens,
  TOTAL(output_tokens) AS outputTokens,
  TOTAL(cache_read_tokens) AS cacheReadTokens,
  TOTAL(cache_write_tokens) AS cacheWriteTokens,
  TOTAL(cost) AS cost,
  TOTAL(cost IS NULL) AS unpricedRequests,
  TOTAL(estimated) AS estimatedRequests,
  TOTAL(streamed) AS streamedRequests,
  TOTAL(hops) AS failoverHops,
  AVG(latency_ms) AS avgLatencyMs,
  AVG(CASE WHEN streamed THEN ttft_ms END) AS avgTtftMs`;

/** A time range, served by the index on `at`. */
const IN_RANGE = 'at >= ?1 AND at < ?2';

const SESSION_FIGURES = `
  session_id AS sessionId, provider,
  TOTAL(input_tokens) AS inputTokens, TOTAL(output_tokens) AS outputTokens,
  TOTAL(cache_read_tokens) AS cacheReadTokens, TOTAL(cache_write_tokens) AS cacheWriteTokens,
  TOTAL(cost) AS cost, COUNT(*) AS requests, TOTAL(outcome = 'error') AS errors,
  MIN(at) AS firstAt, MAX(at) AS lastAt`;

type FiguresRow = UsageFigures & { provider?: string; model?: string; bucket?: number };
type SessionRow = SessionProviderUsage & { sessionId: string; provider: string | null; errors: number; firstAt: number; lastAt: number };

export class UsageQueries {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  summary(range: TimeRange = {}, group?: Granularity): UsageSummary {
    const bounds = [range.since ?? 0, range.until ?? Number.MAX_SAFE_INTEGER];
    const totals = this.statement(`SELECT ${FIGURES} FROM requests WHERE ${IN_RANGE}`).get(...bounds) as FiguresRow;
    const byProvider = this.statement(
      `SELECT provider, ${FIGURES} FROM requests WHERE ${IN_RANGE} AND provider IS NOT NULL GROUP BY provider ORDER BY provider`,
    ).all(...bounds) as FiguresRow[];
    const byModel = this.statement(
      `SELECT provider, model, ${FIGURES} FROM requests WHERE ${IN_RANGE} AND provider IS NOT NULL GROUP BY provider, model ORDER BY provider, model`,
    ).all(...bounds) as FiguresRow[];
    const summary: UsageSummary = {
      since: range.since === undefined ? null : iso(range.since),
      until: range.until === undefined ? null : iso(range.until),
      totals: figures(totals),
      providers: Object.fromEntries(byProvider.map((row) => [row.provider!, figures(row)])),
      models: Object.fromEntries(byModel.map((row) => [`${row.provider},${row.model}`, { provider: row.provider!, model: row.model!, ...figures(row) }])),
    };
    if (group) {
      const size = BUCKET_MS[group];
      const buckets = this.statement(
        `SELECT (at - (at % ?3)) AS bucket, ${FIGURES} FROM requests WHERE ${IN_RANGE} GROUP BY bucket ORDER BY bucket`,
      ).all(...bounds, size) as FiguresRow[];
      summary.series = buckets.map((row) => ({ start: iso(row.bucket!), ...figures(row) }));
    }
    return summary;
  }

  /** Newest activity first: by `offset`, or after a `cursor` from the previous page (stable while records arrive). */
  sessions(page: { limit: number; offset?: number; cursor?: SessionCursor }): SessionPage {
    const { limit } = page;
    const rows = (
      page.cursor
        ? this.statement(
            'SELECT session_id AS sessionId, last_at AS lastAt FROM sessions WHERE (last_at, session_id) < (?1, ?2) ORDER BY last_at DESC, session_id DESC LIMIT ?3',
          ).all(page.cursor.lastAt, page.cursor.sessionId, limit + 1)
        : this.statement('SELECT session_id AS sessionId, last_at AS lastAt FROM sessions ORDER BY last_at DESC, session_id DESC LIMIT ?1 OFFSET ?2').all(
            limit + 1,
            page.offset ?? 0,
          )
    ) as Array<{ sessionId: string; lastAt: number }>;
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const usage = this.sessionsUsage(shown.map((row) => row.sessionId));
    const last = shown[shown.length - 1];
    return {
      sessions: shown.map((row) => usage.get(row.sessionId)).filter((session) => session !== undefined),
      total: (this.statement('SELECT COUNT(*) AS total FROM sessions').get() as { total: number }).total,
      nextCursor: more && last ? encodeCursor({ lastAt: last.lastAt, sessionId: last.sessionId }) : null,
    };
  }

  /** undefined when nothing is recorded for it. */
  session(sessionId: string): SessionUsage | undefined {
    return this.sessionsUsage([sessionId]).get(sessionId);
  }

  /** Deletes a session's records; returns how many. */
  deleteSession(sessionId: string): number {
    return this.db.transaction(() => {
      const { changes } = this.statement('DELETE FROM requests WHERE session_id = ?1').run(sessionId);
      this.statement('DELETE FROM sessions WHERE session_id = ?1').run(sessionId);
      return changes;
    })();
  }

  private sessionsUsage(ids: readonly string[]): Map<string, SessionUsage> {
    const result = new Map<string, SessionUsage>();
    if (ids.length === 0) return result;
    const rows = this.statement(
      `SELECT ${SESSION_FIGURES} FROM requests WHERE session_id IN (SELECT value FROM json_each(?1)) GROUP BY session_id, provider`,
    ).all(JSON.stringify(ids)) as SessionRow[];
    const spans = new Map<string, { first: number; last: number }>();
    for (const row of rows) {
      let session = result.get(row.sessionId);
      if (session === undefined) {
        session = emptySession(row.sessionId);
        result.set(row.sessionId, session);
      }
      const span = spans.get(row.sessionId);
      if (span === undefined) spans.set(row.sessionId, { first: row.firstAt, last: row.lastAt });
      else spans.set(row.sessionId, { first: Math.min(span.first, row.firstAt), last: Math.max(span.last, row.lastAt) });
      if (row.provider !== null) {
        session.providers[row.provider] = {
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          cacheReadTokens: row.cacheReadTokens,
          cacheWriteTokens: row.cacheWriteTokens,
          cost: money(row.cost),
          requests: row.requests,
        };
      }
      session.totalInputTokens += row.inputTokens;
      session.totalOutputTokens += row.outputTokens;
      session.totalCacheReadTokens += row.cacheReadTokens;
      session.totalCacheWriteTokens += row.cacheWriteTokens;
      session.totalCost = money(session.totalCost + row.cost);
      session.totalRequests += row.requests;
      session.totalErrors += row.errors;
    }
    for (const [sessionId, { first, last }] of spans) {
      const session = result.get(sessionId)!;
      session.firstAt = iso(first);
      session.lastAt = iso(last);
    }
    return result;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

export interface SessionCursor {
  lastAt: number;
  sessionId: string;
}

export function encodeCursor(cursor: SessionCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastAt, cursor.sessionId])).toString('base64url');
}

/** undefined when the text is not a cursor this API gave. */
export function decodeCursor(text: string): SessionCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { lastAt: value[0], sessionId: value[1] };
    }
  } catch {
    // Not base64 JSON: not ours.
  }
  return undefined;
}

function emptySession(sessionId: string): SessionUsage {
  return {
    sessionId,
    firstAt: '',
    lastAt: '',
    providers: {},
    totalInputTokens: 0,
    totalOutputTokens: 0,
    totalCacheReadTokens: 0,
    totalCacheWriteTokens: 0,
    totalCost: 0,
    totalRequests: 0,
    totalErrors: 0,
  };
}

function figures(row: FiguresRow): UsageFigures {
  return {
    requests: row.requests,
    errors: row.errors,
    aborted: row.aborted,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheReadTokens: row.cacheReadTokens,
    cacheWriteTokens: row.cacheWriteTokens,
    cost: money(row.cost),
    unpricedRequests: row.unpricedRequests,
    estimatedRequests: row.estimatedRequests,
    streamedRequests: row.streamedRequests,
    failoverHops: row.failoverHops,
    avgLatencyMs: row.avgLatencyMs === null ? null : round(row.avgLatencyMs, 1),
    avgTtftMs: row.avgTtftMs === null ? null : round(row.avgTtftMs, 1),
  };
}

/** Costs to a millionth: sums of floats otherwise end in …0000000004. */
const money = (value: number) => round(value, 6);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const iso = (ms: number) => new Date(ms).toISOString();
