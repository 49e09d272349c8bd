/**
 * The usage database's schema, one step per version. A database records its version in
 * `PRAGMA user_version`; opening it runs the steps it has not had yet, each in a transaction with
 * the version bump, so a crash mid-upgrade leaves the previous version whole. Steps are never
 * edited once released: a change is a new step.
 */
export interface Migration {
  version: number;
  /** What the step does, for the log. */
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'one row per request',
    sql: `
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,                 -- when the request arrived, ms since the epoch
        session_id TEXT NOT NULL,
        route TEXT,                          -- routing category; NULL when the request failed before routing
        provider TEXT,                       -- the target that answered (or failed last); NULL before routing
        model TEXT,
        requested_model TEXT,                -- the model the client asked for
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        estimated INTEGER NOT NULL,          -- 1: a count was estimated with js-tiktoken
        cost REAL,                           -- at the prices of the time it was recorded; NULL: no price known
        latency_ms REAL NOT NULL,
        ttft_ms REAL,                        -- to the first byte of the answer
        status INTEGER NOT NULL,             -- the HTTP status the client got
        outcome TEXT NOT NULL,               -- ok, error (an error status or a stream's error event), aborted
        streamed INTEGER NOT NULL,
        hops INTEGER NOT NULL,               -- moves to another key or target before the answer
        error TEXT
      );
      CREATE INDEX requests_at ON requests (at);
      CREATE INDEX requests_session ON requests (session_id);
    `,
  },
  {
    version: 2,
    description: 'sessions by last activity, for paging',
    sql: `
      CREATE TABLE sessions (
        session_id TEXT PRIMARY KEY,
        last_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_last_at ON sessions (last_at, session_id);
      INSERT INTO sessions (session_id, last_at) SELECT session_id, MAX(at) FROM requests GROUP BY session_id;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
