import { beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from 'bun:sqlite';
import { decodeCursor, encodeCursor, UsageQueries } from './queries';
import { openUsageDatabase } from './store';
import { createUsageWriter, type UsageRow } from './writer';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 10); // a Tuesday, 00:00 UTC

function row(overrides: Partial<UsageRow>): UsageRow {
  return {
    at: T0,
    sessionId: 's1',
    route: 'default',
    provider: 'deepseek',
    model: 'deepseek-chat',
    requestedModel: 'claude-sonnet-4-6',
    inputTokens: 100,
    outputTokens: 10,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    estimated: false,
    cost: 0.001,
    latencyMs: 100,
    ttftMs: 20,
    status: 200,
    outcome: 'ok',
    streamed: true,
    hops: 0,
    error: null,
    ...overrides,
  };
}

let db: Database;
let queries: UsageQueries;
beforeEach(() => {
  db = openUsageDatabase(':memory:').db;
  queries = new UsageQueries(db);
  createUsageWriter(db).write([
    row({}),
    row({ at: T0 + 2 * HOUR, inputTokens: 200, outputTokens: 20, cacheReadTokens: 50, cost: 0.002, streamed: false, ttftMs: 150, latencyMs: 150 }),
    row({ at: T0 + 2 * HOUR + 1, provider: 'gemini', model: 'gemini-2.5-pro', inputTokens: 1000, outputTokens: 100, cacheWriteTokens: 7, cost: 0.01, hops: 1, estimated: true }),
    row({ at: T0 + DAY, sessionId: 's2', provider: 'ollama', model: 'qwen3', cost: null, outcome: 'error', status: 200, error: 'cut off' }),
    row({ at: T0 + DAY + HOUR, sessionId: 's2', provider: null, model: null, route: null, inputTokens: 0, outputTokens: 0, cost: null, status: 400, outcome: 'error', streamed: false }),
    row({ at: T0 + 2 * DAY, sessionId: 's3', outcome: 'aborted', outputTokens: 3, cost: 0.0001 }),
  ]);
});

describe('summary', () => {
  test('totals over every record; tokens, costs and counts summed', () => {
    const { totals, since, until } = queries.summary();
    expect(since).toBeNull();
    expect(until).toBeNull();
    expect(totals).toEqual({
      requests: 6,
      errors: 2,
      aborted: 1,
      inputTokens: 1500,
      outputTokens: 143,
      cacheReadTokens: 50,
      cacheWriteTokens: 7,
      cost: 0.0131,
      unpricedRequests: 2,
      estimatedRequests: 1,
      streamedRequests: 4,
      failoverHops: 1,
      avgLatencyMs: 108.3,
      avgTtftMs: 20,
    });
  });

  test('per provider and per provider,model; a request refused before routing is under neither', () => {
    const { providers, models } = queries.summary();
    expect(Object.keys(providers)).toEqual(['deepseek', 'gemini', 'ollama']);
    expect(providers.deepseek).toMatchObject({ requests: 3, inputTokens: 400, outputTokens: 33, cacheReadTokens: 50, cost: 0.0031 });
    expect(providers.ollama).toMatchObject({ requests: 1, errors: 1, cost: 0, unpricedRequests: 1 });
    expect(models['gemini,gemini-2.5-pro']).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-pro', requests: 1, cacheWriteTokens: 7, failoverHops: 1, estimatedRequests: 1 });
  });

  test('since is inclusive, until exclusive, both echoed as ISO', () => {
    const summary = queries.summary({ since: T0 + 2 * HOUR, until: T0 + DAY });
    expect(summary.totals.requests).toBe(2);
    expect(summary.since).toBe('2026-03-10T02:00:00.000Z');
    expect(summary.until).toBe('2026-03-11T00:00:00.000Z');
    expect(queries.summary({ since: T0 + DAY }).totals.requests).toBe(3);
    expect(queries.summary({ until: T0 + 1 }).totals.requests).toBe(1);
    expect(queries.summary({ since: T0 + 3 * DAY }).totals).toMatchObject({ requests: 0, cost: 0, avgLatencyMs: null, avgTtftMs: null });
  });

  test('group=day: one entry per UTC day with requests, oldest first', () => {
    const series = queries.summary({}, 'day').series!;
    expect(series.map((entry) => [entry.start, entry.requests])).toEqual([
      ['2026-03-10T00:00:00.000Z', 3],
      ['2026-03-11T00:00:00.000Z', 2],
      ['2026-03-12T00:00:00.000Z', 1],
    ]);
    expect(series[0].cost).toBe(0.013);
  });

  test('group=hour within a range', () => {
    const series = queries.summary({ until: T0 + DAY }, 'hour').series!;
    expect(series.map((entry) => [entry.start, entry.requests, entry.inputTokens])).toEqual([
      ['2026-03-10T00:00:00.000Z', 1, 100],
      ['2026-03-10T02:00:00.000Z', 2, 1200],
    ]);
  });
});

describe('sessions', () => {
  test('one session: the documented shape, per provider and in total', () => {
    expect(queries.session('s1')).toEqual({
      sessionId: 's1',
      firstAt: '2026-03-10T00:00:00.000Z',
      lastAt: '2026-03-10T02:00:00.001Z',
      providers: {
        deepseek: { inputTokens: 300, outputTokens: 30, cacheReadTokens: 50, cacheWriteTokens: 0, cost: 0.003, requests: 2 },
        gemini: { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 7, cost: 0.01, requests: 1 },
      },
      totalInputTokens: 1300,
      totalOutputTokens: 130,
      totalCacheReadTokens: 50,
      totalCacheWriteTokens: 7,
      totalCost: 0.013,
      totalRequests: 3,
      totalErrors: 0,
    });
  });

  test('a request without a provider counts in the totals only', () => {
    const session = queries.session('s2')!;
    expect(Object.keys(session.providers)).toEqual(['ollama']);
    expect(session.totalRequests).toBe(2);
    expect(session.totalErrors).toBe(2);
  });

  test('an unknown session is undefined', () => {
    expect(queries.session('nope')).toBeUndefined();
  });

  test('newest activity first, paged by offset', () => {
    const first = queries.sessions({ limit: 2 });
    expect(first.sessions.map((session) => session.sessionId)).toEqual(['s3', 's2']);
    expect(first.total).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const second = queries.sessions({ limit: 2, offset: 2 });
    expect(second.sessions.map((session) => session.sessionId)).toEqual(['s1']);
    expect(second.nextCursor).toBeNull();
  });

  test('paged by cursor: a session that becomes active meanwhile does not shift the next page', () => {
    const first = queries.sessions({ limit: 1 });
    expect(first.sessions[0].sessionId).toBe('s3');
    createUsageWriter(db).write([row({ at: T0 + 3 * DAY, sessionId: 's4' })]);
    const second = queries.sessions({ limit: 1, cursor: decodeCursor(first.nextCursor!) });
    expect(second.sessions.map((session) => session.sessionId)).toEqual(['s2']);
    const third = queries.sessions({ limit: 5, cursor: decodeCursor(second.nextCursor!) });
    expect(third.sessions.map((session) => session.sessionId)).toEqual(['s1']);
    expect(third.nextCursor).toBeNull();
  });

  test('a session active again moves to the front', () => {
    createUsageWriter(db).write([row({ at: T0 + 5 * DAY, sessionId: 's1' })]);
    expect(queries.sessions({ limit: 1 }).sessions[0]).toMatchObject({ sessionId: 's1', totalRequests: 4, lastAt: '2026-03-15T00:00:00.000Z' });
  });

  test('deleting a session removes its records and its place in the list', () => {
    expect(queries.deleteSession('s1')).toBe(3);
    expect(queries.session('s1')).toBeUndefined();
    expect(queries.sessions({ limit: 10 }).sessions.map((session) => session.sessionId)).toEqual(['s3', 's2']);
    expect(queries.summary().totals.requests).toBe(3);
    expect(queries.deleteSession('s1')).toBe(0);
  });

  test('cursors round-trip; anything else is refused', () => {
    expect(decodeCursor(encodeCursor({ lastAt: 5, sessionId: 'a,b' }))).toEqual({ lastAt: 5, sessionId: 'a,b' });
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
  });
});
