/**
 * Opens the usage database: bun:sqlite in WAL mode, upgraded to the current schema.
 *
 * Durability: a batch is one transaction; in WAL mode with `synchronous = NORMAL` a committed
 * transaction is in the WAL file when the commit returns, so it survives the process dying
 * (a crash, `kill -9`); only a power cut or an operating-system crash can take back the last
 * commits before a checkpoint, as SQLite documents.
 * @see https://www.sqlite.org/wal.html
 * @see https://www.sqlite.org/pragma.html#pragma_synchronous
 */
import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export const USAGE_DATABASE_FILE = 'usage.db';

export interface OpenedUsageDatabase {
  db: Database;
  /** The steps this open applied, oldest first (empty when the schema was current). */
  applied: Migration[];
}

/** Opens (creating it and its folder if needed) and migrates; ':memory:' for a database that lives with the process. */
export function openUsageDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): OpenedUsageDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  try {
    // A router that waits on the disk stalls every request: another process holding the lock
    // (a second ccr on the same folder) makes a batch fail and wait for the next flush instead.
    db.exec('PRAGMA busy_timeout = 100');
    // Pruned records give their pages back to the file system. It only takes on a new, empty
    // database, before anything (WAL mode included) writes its header; on any other it does nothing.
    db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    // The WAL is cut back to 4 MB after each checkpoint rather than keep its largest size.
    db.exec('PRAGMA journal_size_limit = 4194304');
    // Writes are appends and reads are rare: a small page cache keeps the router's memory flat.
    db.exec('PRAGMA cache_size = -512');
    const applied = migrate(db, migrations);
    return { db, applied };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs the steps newer than the database's `user_version`, each with its version bump in one transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  const current = userVersion(db);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > latest) {
    throw new Error(`the usage database is at schema version ${current}, newer than this ccr knows (${latest}): it was written by a newer ccr`);
  }
  const pending = migrations.filter((migration) => migration.version > current);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    })();
  }
  return pending;
}

export function userVersion(db: Database): number {
  return (db.query('PRAGMA user_version').get() as { user_version: number }).user_version;
}
