import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageQueries } from './queries';
import { openUsageDatabase } from './store';
import { createUsageWriter, type UsageRow } from './writer';

const row = (sessionId: string, at: number): UsageRow => ({
  at,
  sessionId,
  route: 'default',
  provider: 'p',
  model: 'm',
  requestedModel: null,
  inputTokens: 1,
  outputTokens: 1,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  estimated: false,
  cost: null,
  latencyMs: 1,
  ttftMs: null,
  status: 200,
  outcome: 'ok',
  streamed: false,
  hops: 0,
  error: null,
});

test('pruning deletes records before the cutoff; a session with none left leaves the list, one with newer records stays', () => {
  const { db } = openUsageDatabase(':memory:');
  const writer = createUsageWriter(db);
  writer.write([row('old', 100), row('old', 200), row('mixed', 150), row('mixed', 900), row('new', 1000)]);
  expect(writer.prune(500)).toBe(3);
  const queries = new UsageQueries(db);
  expect(queries.sessions({ limit: 10 }).sessions.map((session) => [session.sessionId, session.totalRequests])).toEqual([
    ['new', 1],
    ['mixed', 1],
  ]);
  expect(queries.summary().totals.requests).toBe(2);
  expect(writer.prune(500)).toBe(0);
});

test('a batch is one transaction: a row that cannot be written leaves none of its batch', () => {
  const { db } = openUsageDatabase(':memory:');
  const writer = createUsageWriter(db);
  const broken = { ...row('b', 2), sessionId: null as unknown as string };
  expect(() => writer.write([row('a', 1), broken])).toThrow();
  expect(db.query('SELECT COUNT(*) AS n FROM requests').get()).toEqual({ n: 0 });
  expect(db.query('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
});

test('two ccr processes on one file: a batch the other holds the lock against fails whole (the recorder keeps it), then lands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-writers-'));
  try {
    const path = join(dir, 'usage.db');
    const mine = openUsageDatabase(path).db;
    const other = openUsageDatabase(path).db;
    createUsageWriter(other).write([row('other', 5000), row('other', 5000), row('other', 5000)]);
    other.exec('BEGIN IMMEDIATE');
    const batch = Array.from({ length: 40 }, () => row('mine', 5000));
    // busy_timeout is 100 ms: the router never waits longer on the disk.
    expect(() => createUsageWriter(mine).write(batch)).toThrow(/locked|busy/i);
    other.exec('COMMIT');
    createUsageWriter(mine).write(batch);
    expect(mine.query('SELECT session_id AS session, COUNT(*) AS n FROM requests GROUP BY session_id ORDER BY session_id').all()).toEqual([
      { session: 'mine', n: 40 },
      { session: 'other', n: 3 },
    ]);
    mine.close();
    other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rows land whole, in the order they were queued', () => {
  const { db } = openUsageDatabase(':memory:');
  const writer = createUsageWriter(db);
  const rows = Array.from({ length: 70 }, (_, i) => ({ ...row('s', 1000 + i), inputTokens: i }));
  writer.write(rows);
  const stored = db.query('SELECT at, input_tokens AS input FROM requests ORDER BY id').all() as Array<{ at: number; input: number }>;
  expect(stored).toEqual(rows.map((r) => ({ at: r.at, input: r.inputTokens })));
});
