/**
 * Writes batches of usage rows and prunes old ones: one prepared statement, one transaction a
 * batch. Called by the recorder from a timer, never while a request is being answered.
 */
import type { Database } from 'bun:sqlite';

export type Outcome = 'ok' | 'error' | 'aborted';

/** One request, as stored. */
export interface UsageRow {
  /** When the request arrived, ms since the epoch. */
  at: number;
  sessionId: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  requestedModel: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  estimated: boolean;
  cost: number | null;
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  outcome: Outcome;
  streamed: boolean;
  hops: number;
  error: string | null;
}

export interface UsageWriter {
  write(rows: readonly UsageRow[]): void;
  /** Deletes the records of requests that arrived before `before` (ms since the epoch); returns how many. */
  prune(before: number): number;
}

export function createUsageWriter(db: Database): UsageWriter {
  const insert = db.prepare(
    `INSERT INTO requests (at, session_id, route, provider, model, requested_model, input_tokens, output_tokens, cache_read_tokens,
       cache_write_tokens, estimated, cost, latency_ms, ttft_ms, status, outcome, streamed, hops, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const touchSession = db.prepare(
    'INSERT INTO sessions (session_id, last_at) VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET last_at = MAX(last_at, excluded.last_at)',
  );
  const deleteRequests = db.prepare('DELETE FROM requests WHERE at < ?');
  // A session whose last activity is before the cutoff had all its records before it.
  const deleteSessions = db.prepare('DELETE FROM sessions WHERE last_at < ?');

  const write = db.transaction((rows: readonly UsageRow[]) => {
    const lastAt = new Map<string, number>();
    for (const row of rows) {
      insert.run(
        row.at, row.sessionId, row.route, row.provider, row.model, row.requestedModel, row.inputTokens, row.outputTokens,
        row.cacheReadTokens, row.cacheWriteTokens, row.estimated ? 1 : 0, row.cost, row.latencyMs, row.ttftMs, row.status,
        row.outcome, row.streamed ? 1 : 0, row.hops, row.error,
      );
      lastAt.set(row.sessionId, Math.max(row.at, lastAt.get(row.sessionId) ?? 0));
    }
    // One upsert per session a batch, not per row: a batch is mostly one or two sessions.
    for (const [sessionId, at] of lastAt) touchSession.run(sessionId, at);
  });

  const prune = db.transaction((before: number) => {
    const { changes } = deleteRequests.run(before);
    deleteSessions.run(before);
    return changes;
  });

  return {
    write: (rows) => {
      if (rows.length > 0) write(rows);
    },
    prune: (before) => {
      const deleted = prune(before);
      // Freed pages go back to the file system (auto_vacuum = INCREMENTAL, store.ts).
      if (deleted > 0) db.exec('PRAGMA incremental_vacuum');
      return deleted;
    },
  };
}
