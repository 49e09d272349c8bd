/**
 * Live request statistics, in memory. A request hands over what it already has when it completes
 * (its usage record and its timing) and that is only queued: counting it into the windows, the
 * totals since start, the latest requests and the sessions happens a moment later on a timer, or
 * just before anyone reads (a snapshot, a scrape). Memory is bounded: fixed buckets, a ring of the
 * latest requests, the most recent sessions, models folded into `other` past a limit.
 */
import { systemClock, type Clock } from '../state/clock';
import { costOf, type PriceTable } from '../usage/pricing';
import type { RequestUsage } from '../usage/recorder';
import { requestTokens } from '../usage/request-tokens';
import { BucketRing } from './bucket-ring';
import { Cumulative } from './cumulative';
import type { RequestTiming } from './request-timing';
import type { WindowName } from './snapshot-types';
import { binOf } from './histogram';
import type { Sample } from './tally';

export const WINDOW_NAMES: readonly WindowName[] = ['1m', '1h', '24h'];

/** Bucket width and count of each window. */
const WINDOW_SHAPES: Record<WindowName, { widthMs: number; count: number }> = {
  '1m': { widthMs: 1000, count: 60 },
  '1h': { widthMs: 60_000, count: 60 },
  '24h': { widthMs: 15 * 60_000, count: 96 },
};

const DEFAULT_DRAIN_MS = 1000;
const RECENT_SIZE = 100;
const SESSION_LIMIT = 500;
/** Distinct provider,model pairs counted by name; more (explicit routes may name anything) count as `other`. */
const MODEL_LIMIT = 200;
const ERROR_LENGTH = 300;

export interface SessionTally {
  sessionId: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cost: number;
  firstAt: number;
  lastAt: number;
  lastProvider: string;
  lastModel: string;
}

export interface RequestStatsOptions {
  /** The price table in effect (the config's). */
  prices: () => PriceTable;
  /** ms since the epoch; injected by tests. */
  clock?: Clock;
  /** How long a completed request waits, at most, before it is counted. */
  drainMs?: number;
}

interface Pending {
  at: number;
  usage: RequestUsage;
  overheadMs: number | undefined;
  failures: RequestTiming['failures'];
}

export class RequestStats {
  inflight = 0;
  inflightStreams = 0;
  readonly startedAt: number;
  readonly windows: Record<WindowName, BucketRing>;
  readonly cumulative = new Cumulative();
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly recentRing: Array<Sample | undefined> = new Array(RECENT_SIZE);
  private recentNext = 0;
  private readonly sessionTallies = new Map<string, SessionTally>();
  /** `provider\u0000model` by provider, then model as asked: the key each sample is counted under, made once. */
  private readonly modelKeys = new Map<string, Map<string, { model: string; key: string }>>();
  private modelCount = 0;
  private readonly clock: Clock;
  private readonly drainMs: number;

  constructor(private readonly options: RequestStatsOptions) {
    this.clock = options.clock ?? systemClock;
    this.drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
    this.startedAt = this.clock();
    this.windows = {
      '1m': new BucketRing(WINDOW_SHAPES['1m'].widthMs, WINDOW_SHAPES['1m'].count),
      '1h': new BucketRing(WINDOW_SHAPES['1h'].widthMs, WINDOW_SHAPES['1h'].count),
      '24h': new BucketRing(WINDOW_SHAPES['24h'].widthMs, WINDOW_SHAPES['24h'].count),
    };
  }

  now(): number {
    return this.clock();
  }

  /** A request is under way (its body read and valid). */
  opened(streamed: boolean): void {
    this.inflight++;
    if (streamed) this.inflightStreams++;
  }

  /**
   * A request is over: its usage record (usage/request-usage.ts) and its timing. `opened` says
   * whether `opened()` counted it (a refused body never was). Queues only.
   */
  completed(usage: RequestUsage, timing: RequestTiming | undefined, opened: boolean): void {
    if (opened) {
      this.inflight--;
      if (usage.streamed) this.inflightStreams--;
    }
    const overheadMs = timing !== undefined && timing.calls > 0 ? timing.ownUntil(performance.now()) : undefined;
    this.pending.push({ at: this.clock(), usage, overheadMs, failures: timing?.failures });
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.drain(), this.drainMs);
      this.timer.unref();
    }
  }

  /** Counts what is queued; every read calls it first. */
  drain(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    const now = this.clock();
    const prices = this.options.prices();
    for (const entry of pending) {
      const { sample, key } = this.sampleOf(entry, prices);
      for (const name of WINDOW_NAMES) this.windows[name].add(sample, key, now);
      this.cumulative.add(sample, key);
      for (const failure of entry.failures ?? []) if (failure.status !== 499) this.cumulative.upstreamError(failure.provider, failure.status);
      this.recentRing[this.recentNext] = sample;
      this.recentNext = (this.recentNext + 1) % RECENT_SIZE;
      this.countSession(sample);
    }
  }

  /** The latest requests, newest first. */
  recent(limit = RECENT_SIZE): Sample[] {
    this.drain();
    const out: Sample[] = [];
    for (let i = 1; i <= RECENT_SIZE && out.length < limit; i++) {
      const sample = this.recentRing[(this.recentNext - i + RECENT_SIZE) % RECENT_SIZE];
      if (sample === undefined) break;
      out.push(sample);
    }
    return out;
  }

  /** Sessions, latest activity first. */
  sessions(limit = 50): SessionTally[] {
    this.drain();
    return [...this.sessionTallies.values()].reverse().slice(0, limit);
  }

  /** What `entry` counts as, and its `provider\u0000model` key. */
  private sampleOf(entry: Pending, prices: PriceTable): { sample: Sample; key: string } {
    const { usage } = entry;
    const provider = usage.provider ?? '';
    const named = this.modelKey(provider, usage.model ?? '');
    // As usage accounting counts them: estimated where the upstream reported none.
    const { estimated: _estimated, ...tokens } = requestTokens(usage);
    const price = provider === '' ? undefined : prices.priceOf(provider, usage.model ?? '');
    const sample: Sample = {
      at: entry.at,
      sessionId: usage.sessionId,
      route: usage.route ?? '',
      provider,
      model: named.model,
      status: usage.status,
      outcome: usage.outcome,
      streamed: usage.streamed,
      latencyMs: usage.latencyMs,
      ttftMs: usage.ttftMs,
      overheadMs: entry.overheadMs,
      ...tokens,
      cost: price ? costOf(tokens, price) : undefined,
      hops: usage.hops,
      error: usage.error?.slice(0, ERROR_LENGTH),
      latencyBin: binOf(usage.latencyMs),
      ttftBin: usage.ttftMs === undefined ? -1 : binOf(usage.ttftMs),
      overheadBin: entry.overheadMs === undefined ? -1 : binOf(entry.overheadMs),
    };
    return { sample, key: named.key };
  }

  /** The model as counted (`other` past the limit) and its key; '' for a request refused before routing. */
  private modelKey(provider: string, model: string): { model: string; key: string } {
    let models = this.modelKeys.get(provider);
    if (models === undefined) this.modelKeys.set(provider, (models = new Map()));
    const named = models.get(model);
    if (named !== undefined) return named;
    if (provider === '') {
      const none = { model: '', key: '\u0000' };
      models.set(model, none);
      return none;
    }
    // Past the limit, names are not kept either: they all count as `other`.
    if (this.modelCount >= MODEL_LIMIT) return otherOf(provider);
    this.modelCount++;
    const added = { model, key: `${provider}\u0000${model}` };
    models.set(model, added);
    return added;
  }

  private countSession(sample: Sample): void {
    let session = this.sessionTallies.get(sample.sessionId);
    if (session === undefined) {
      session = { sessionId: sample.sessionId, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cost: 0, firstAt: sample.at, lastAt: sample.at, lastProvider: '', lastModel: '' };
      if (this.sessionTallies.size >= SESSION_LIMIT) this.sessionTallies.delete(this.sessionTallies.keys().next().value!);
    } else this.sessionTallies.delete(sample.sessionId);
    // Re-inserted: the map's order is the order of last activity.
    this.sessionTallies.set(sample.sessionId, session);
    session.requests++;
    if (sample.outcome === 'error') session.errors++;
    session.inputTokens += sample.inputTokens;
    session.outputTokens += sample.outputTokens;
    session.cacheReadTokens += sample.cacheReadTokens;
    session.cost += sample.cost ?? 0;
    session.lastAt = sample.at;
    if (sample.provider !== '') {
      session.lastProvider = sample.provider;
      session.lastModel = sample.model;
    }
  }
}

const otherOf = (provider: string) => ({ model: 'other', key: `${provider}\u0000other` });
