import { expect, test } from 'bun:test';
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

test('two writers on one file (a second ccr) both land every row', () => {
  const { db } = openUsageDatabase(':memory:');
  createUsageWriter(db).write([row('other', 5000), row('other', 5000), row('other', 5000)]);
  createUsageWriter(db).write(Array.from({ length: 40 }, () => row('mine', 5000)));
  expect(db.query('SELECT session_id AS session, COUNT(*) AS n FROM requests GROUP BY session_id ORDER BY session_id').all()).toEqual([
    { session: 'mine', n: 40 },
    { session: 'other', n: 3 },
  ]);
});

test('rows land whole, in the order they were queued', () => {
  const { db } = openUsageDatabase(':memory:');
  const writer = createUsageWriter(db);
  const rows = Array.from({ length: 70 }, (_, i) => ({ ...row('s', 1000 + i), inputTokens: i }));
  writer.write(rows);
  const stored = db.query('SELECT at, input_tokens AS input FROM requests ORDER BY id').all() as Array<{ at: number; input: number }>;
  expect(stored).toEqual(rows.map((r) => ({ at: r.at, input: r.inputTokens })));
});
