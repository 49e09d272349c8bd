/**
 * Usage accounting as the server runs it: the database opened and migrated, a recorder writing to
 * it, the queries reading it, and a close that writes what is queued. Tests open ':memory:'.
 */
import type { Database } from 'bun:sqlite';
import { UsageQueries } from './queries';
import { UsageRecorder, type UsageRecorderOptions } from './recorder';
import { openUsageDatabase } from './store';
import { createUsageWriter } from './writer';

export interface Usage {
  db: Database;
  recorder: UsageRecorder;
  queries: UsageQueries;
  /** Schema steps this open applied, for the log. */
  migrated: string[];
  /** Writes what is queued, then closes the database. */
  close(): void;
}

export function openUsage(path: string, options: Omit<UsageRecorderOptions, 'writer'>): Usage {
  const { db, applied } = openUsageDatabase(path);
  const recorder = new UsageRecorder({ ...options, writer: createUsageWriter(db) });
  recorder.prune();
  return {
    db,
    recorder,
    queries: new UsageQueries(db),
    migrated: applied.map((step) => `${step.version}: ${step.description}`),
    close() {
      recorder.close();
      db.close();
    },
  };
}
