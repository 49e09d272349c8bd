/**
 * `debug.saveRequests`: one JSON file a request under the data folder's `logs/requests/`, named by
 * when it arrived (`20261207T101500.123Z-0001.json`, so names sort by time), written off the
 * request path. After each write the folder is pruned: past `debug.maxFiles` the oldest go, and so
 * does anything older than `debug.maxAgeHours`. Keys are masked before anything is written.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DebugSettings } from '../config/observability';
import { maskSecrets, type Logger } from '../log';

const FILE_NAME = /^(\d{8}T\d{6}\.\d{3}Z)-\d+\.json$/;

export class SavedRequests {
  private seq = 0;
  private ready: Promise<unknown> | undefined;
  private pruning: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly settings: () => DebugSettings,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes one request's record, its keys masked; resolves with the file's path once written and pruned. */
  save(at: number, record: object, secrets: readonly string[]): Promise<string | undefined> {
    this.seq = (this.seq % 9999) + 1;
    const path = join(this.dir, `${basicIso(at)}-${String(this.seq).padStart(4, '0')}.json`);
    const text = maskSecrets(`${JSON.stringify(record, null, 2)}\n`, secrets);
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    return this.ready
      .then(() => Bun.write(path, text, { mode: 0o600 }))
      .then(() => this.prune())
      .then(() => path)
      .catch((error: unknown) => {
        this.ready = undefined;
        this.log.warn({ reason: error instanceof Error ? error.message : String(error), dir: this.dir }, 'debug.saveRequests: a request could not be saved');
        return undefined;
      });
  }

  /** Removes files past the count and the age; one pruning at a time. */
  prune(): Promise<void> {
    this.pruning = this.pruning.then(async () => {
      const { maxFiles, maxAgeMs } = this.settings();
      const names = (await readdir(this.dir)).filter((name) => FILE_NAME.test(name)).sort();
      const oldest = this.now() - maxAgeMs;
      const doomed = names.filter((name, index) => index < names.length - maxFiles || Date.parse(fromBasicIso(FILE_NAME.exec(name)![1])) < oldest);
      await Promise.all(doomed.map((name) => rm(join(this.dir, name), { force: true })));
    });
    return this.pruning;
  }
}

/** `2026-12-07T10:15:00.123Z` → `20261207T101500.123Z`: no `:`, which Windows refuses in names. */
const basicIso = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '');
const fromBasicIso = (name: string) => name.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/, '$1-$2-$3T$4:$5:$6');
