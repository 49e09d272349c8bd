/**
 * Usage recording off the request path. A request that completes hands its figures to `record`,
 * which only queues them; a batch is written in one transaction a moment later (the first queued
 * record arms a timer), or as soon as `maxBatch` are waiting (on the next turn of the event loop,
 * not inside the request that filled it). What a batch costs (estimating tokens an upstream did not
 * report, pricing, the insert) is paid there.
 *
 * The durability window: a record is committed at most `flushMs` (1 s by default) after its
 * response completed. A crash or `kill -9` loses at most the requests that completed in that last
 * window; what was committed stays (store.ts). A graceful stop (SIGINT, SIGTERM, process exit)
 * writes everything queued first (`close`).
 */
import type { Usage } from '../dialects/anthropic/types';
import type { Estimators } from './estimate';
import { requestTokens } from './request-tokens';
import { costOf, type PriceTable } from './pricing';
import type { Outcome, UsageRow, UsageWriter } from './writer';

/** What a request hands over when it completes; durations are milliseconds. */
export interface RequestUsage {
  sessionId: string;
  route?: string;
  provider?: string;
  model?: string;
  requestedModel?: string;
  /** As the upstream reported it. */
  usage: Partial<Usage>;
  /** Given only when a count is missing from `usage`: counted when the batch is written. */
  estimators?: Estimators;
  latencyMs: number;
  ttftMs?: number;
  status: number;
  outcome: Outcome;
  streamed: boolean;
  hops: number;
  error?: string;
}

export interface UsageRecorderOptions {
  writer: UsageWriter;
  /** The price table in effect (prices are stored with each record: a later change does not rewrite history). */
  prices: () => PriceTable;
  /** Records older than this many days are pruned. */
  retentionDays: () => number;
  /** ms since the epoch; injected by tests. */
  now?: () => number;
  flushMs?: number;
  maxBatch?: number;
  /** Records kept while the database refuses writes; the oldest are dropped past it. */
  maxPending?: number;
  /** How often old records are pruned (checked when a batch is written, and at startup). */
  pruneEveryMs?: number;
  onError?: (message: string, error: unknown) => void;
}

/** A completed request waiting for its batch, stamped with when it arrived. */
interface PendingEntry {
  at: number;
  usage: RequestUsage;
}

export const DEFAULT_FLUSH_MS = 1000;
const DEFAULT_MAX_BATCH = 1000;
const DEFAULT_MAX_PENDING = 100_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Error messages are the client's to read in full; the database keeps their start. */
const MAX_ERROR_LENGTH = 500;

export class UsageRecorder {
  private pending: PendingEntry[] = [];
  /** Batches the database refused, oldest first, for the next flush. */
  private retry: PendingEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private lastPrune = -Infinity;
  private dropped = 0;
  private closed = false;
  private readonly now: () => number;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly pruneEveryMs: number;

  constructor(private readonly options: UsageRecorderOptions) {
    this.now = options.now ?? Date.now;
    this.flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.pruneEveryMs = options.pruneEveryMs ?? HOUR_MS;
  }

  /** Queues a completed request; never throws, never writes. */
  record(usage: RequestUsage): void {
    if (this.closed) return;
    this.pending.push({ at: this.now() - usage.latencyMs, usage });
    if (this.pending.length >= this.maxBatch) this.immediate ??= setImmediate(() => this.flush());
    else this.timer ??= this.startTimer();
  }

  /** Writes every queued record now (the admin API calls it so that an answer includes them). */
  flush(): void {
    this.clearTimers();
    if (this.pending.length > 0 || this.retry.length > 0) {
      const batch = this.retry.length > 0 ? this.retry.concat(this.pending) : this.pending;
      this.pending = [];
      this.retry = [];
      try {
        const prices = this.options.prices();
        this.options.writer.write(batch.map((entry) => this.toRow(entry.at, entry.usage, prices)));
      } catch (error) {
        // Kept for the next flush; past maxPending the oldest go, so a dead disk costs bounded memory.
        const over = batch.length - this.maxPending;
        this.retry = over > 0 ? batch.slice(over) : batch;
        this.dropped += Math.max(0, over);
        this.report(`usage: ${batch.length} records could not be written; retrying in ${this.flushMs} ms`, error);
        if (!this.closed) this.timer ??= this.startTimer();
      }
    }
    if (this.dropped > 0) {
      this.report(`usage: ${this.dropped} records dropped while the database refused writes`, undefined);
      this.dropped = 0;
    }
    this.pruneIfDue();
  }

  /** Prunes records past the retention age now; returns how many went. */
  prune(): number {
    this.lastPrune = this.now();
    try {
      return this.options.writer.prune(this.lastPrune - this.options.retentionDays() * DAY_MS);
    } catch (error) {
      this.report('usage: pruning old records failed', error);
      return 0;
    }
  }

  /** Writes what is queued and stops; later records are ignored. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.clearTimers();
  }

  private pruneIfDue(): void {
    if (this.now() - this.lastPrune >= this.pruneEveryMs) this.prune();
  }

  private toRow(at: number, usage: RequestUsage, prices: PriceTable): UsageRow {
    const tokens = requestTokens(usage, (error) => this.report('usage: estimating tokens failed; recorded as the upstream reported them', error));
    const price = usage.provider !== undefined && usage.model !== undefined ? prices.priceOf(usage.provider, usage.model) : undefined;
    return {
      at: Math.round(at),
      sessionId: usage.sessionId,
      route: usage.route ?? null,
      provider: usage.provider ?? null,
      model: usage.model ?? null,
      requestedModel: usage.requestedModel ?? null,
      inputTokens: tokens.inputTokens,
      outputTokens: tokens.outputTokens,
      cacheReadTokens: tokens.cacheReadTokens,
      cacheWriteTokens: tokens.cacheWriteTokens,
      estimated: tokens.estimated,
      cost: price ? costOf(tokens, price) : null,
      latencyMs: usage.latencyMs,
      ttftMs: usage.ttftMs ?? null,
      status: usage.status,
      outcome: usage.outcome,
      streamed: usage.streamed,
      hops: usage.hops,
      error: usage.error === undefined ? null : usage.error.slice(0, MAX_ERROR_LENGTH),
    };
  }

  private startTimer(): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.flushMs);
    // Queued records must not keep the process alive; exit writes them (close).
    timer.unref();
    return timer;
  }

  private clearTimers(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private report(message: string, error: unknown): void {
    this.options.onError?.(message, error);
  }
}
