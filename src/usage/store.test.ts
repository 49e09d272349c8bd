import { afterEach, describe, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
import { UsageQueries } from './queries';
import { migrate, openUsageDatabase, userVersion } from './store';

/**
 * The schema of version 1 as it was released, frozen here: MIGRATIONS may change how it gets
 * there, never what a version-1 file holds.
 */
const VERSION_1_SCHEMA = `
  CREATE TABLE requests (
    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, session_id TEXT NOT NULL, route TEXT, provider TEXT, model TEXT,
    requested_model TEXT, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL, estimated INTEGER NOT NULL, cost REAL, latency_ms REAL NOT NULL, ttft_ms REAL,
    status INTEGER NOT NULL, outcome TEXT NOT NULL, streamed INTEGER NOT NULL, hops INTEGER NOT NULL, error TEXT
  );
  CREATE INDEX requests_at ON requests (at);
  CREATE INDEX requests_session ON requests (session_id);
  PRAGMA user_version = 1;
`;

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-usage-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'usage.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const insertV1 = (db: Database, at: number, sessionId: string) =>
  db
    .query(
      `INSERT INTO requests (at, session_id, route, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
        estimated, cost, latency_ms, status, outcome, streamed, hops) VALUES (?, ?, 'default', 'deepseek', 'deepseek-chat', 10, 2, 0, 0, 0, 0.5, 12, 200, 'ok', 1, 0)`,
    )
    .run(at, sessionId);

describe('openUsageDatabase', () => {
  test('creates its folder and a WAL-mode database at the current schema version', () => {
    const path = tempPath();
    const { db, applied } = openUsageDatabase(path);
    expect(applied.map((step) => step.version)).toEqual(MIGRATIONS.map((step) => step.version));
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.query('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.query('PRAGMA synchronous').get()).toEqual({ synchronous: 1 }); // NORMAL
    expect(db.query('PRAGMA auto_vacuum').get()).toEqual({ auto_vacuum: 2 }); // INCREMENTAL
    db.close();
  });

  test('reopened: nothing to apply, records kept', () => {
    const path = tempPath();
    const first = openUsageDatabase(path).db;
    insertV1(first, 1, 'kept');
    first.close();
    const { db, applied } = openUsageDatabase(path);
    expect(applied).toEqual([]);
    expect(db.query('SELECT session_id FROM requests').all()).toEqual([{ session_id: 'kept' }]);
    db.close();
  });

  test('a database of version 1 is upgraded: its records stay and the sessions table is filled from them', () => {
    const path = tempPath();
    openUsageDatabase(path, []).db.close(); // the folder and an empty file
    const old = new Database(path);
    old.exec(VERSION_1_SCHEMA);
    insertV1(old, 1000, 'a');
    insertV1(old, 3000, 'a');
    insertV1(old, 2000, 'b');
    old.close();

    const { db, applied } = openUsageDatabase(path);
    expect(applied.map((step) => step.version)).toEqual([2]);
    expect(userVersion(db)).toBe(2);
    const queries = new UsageQueries(db);
    expect(queries.sessions({ limit: 10 }).sessions.map((session) => [session.sessionId, session.lastAt, session.totalRequests])).toEqual([
      ['a', new Date(3000).toISOString(), 2],
      ['b', new Date(2000).toISOString(), 1],
    ]);
    expect(queries.summary().totals).toMatchObject({ requests: 3, inputTokens: 30, cost: 1.5 });
    expect(queries.summary({ since: 2000 }).totals.requests).toBe(2);
    db.close();
  });

  test('a database written by a newer ccr is refused, untouched', () => {
    const path = tempPath();
    openUsageDatabase(path).db.close();
    const newer = new Database(path);
    newer.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => openUsageDatabase(path)).toThrow(`schema version ${SCHEMA_VERSION + 1}, newer than this ccr knows (${SCHEMA_VERSION})`);
    const again = new Database(path);
    expect(userVersion(again)).toBe(SCHEMA_VERSION + 1);
    again.close();
  });
});

describe('migrate', () => {
  test('a step that fails leaves the database at the version before it, the steps before it kept', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, description: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, description: 'half done, then broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)' },
    ];
    expect(() => migrate(db, steps)).toThrow('nowhere');
    expect(userVersion(db)).toBe(1);
    expect(db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual([{ name: 'a' }]);
  });

  test('versions go up by one step at a time, from 1', () => {
    expect(MIGRATIONS.map((step) => step.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });
});
