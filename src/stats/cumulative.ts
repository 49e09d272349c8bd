/**
 * Counters since ccr started, for `/metrics`: Prometheus wants totals that only grow and
 * histograms with fixed bounds, where the dashboard wants windows (bucket-ring.ts). Label values
 * are bounded: providers and routes come from the config, models are folded into `other` past a
 * limit (request-stats.ts), statuses are HTTP codes, and no session id is kept here. Pure.
 */
import type { Sample } from './tally';

/** Bounds in seconds, cumulative `le` buckets as Prometheus counts them; `+Inf` is implied. */
export const DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] as const;
export const TTFT_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60] as const;
/** ccr's own time is tens to hundreds of microseconds: fine bounds there, where its p50 is read. */
export const OVERHEAD_BOUNDS = [0.00001, 0.00002, 0.00003, 0.00005, 0.000075, 0.0001, 0.00015, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25] as const;

export class PromHistogram {
  /** Per bound (not cumulative), then one past the last bound for +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += seconds;
    this.count++;
  }
}

export interface RequestCount {
  provider: string;
  model: string;
  route: string;
  status: number;
  count: number;
}

export interface TokenCount {
  provider: string;
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cost: number;
}

export interface UpstreamErrorCount {
  provider: string;
  status: number;
  count: number;
}

export class Cumulative {
  readonly requests = new Map<string, RequestCount>();
  readonly tokens = new Map<string, TokenCount>();
  readonly upstreamErrors = new Map<string, UpstreamErrorCount>();
  readonly duration = new Map<string, PromHistogram>();
  readonly ttft = new Map<string, PromHistogram>();
  readonly overhead = new PromHistogram(OVERHEAD_BOUNDS);

  add(sample: Sample, modelKey: string): void {
    const requestKey = `${modelKey}\u0000${sample.route}\u0000${sample.status}`;
    const counted = this.requests.get(requestKey);
    if (counted) counted.count++;
    else this.requests.set(requestKey, { provider: sample.provider, model: sample.model, route: sample.route, status: sample.status, count: 1 });

    if (sample.provider === '') return;
    let tokens = this.tokens.get(modelKey);
    if (tokens === undefined) {
      tokens = { provider: sample.provider, model: sample.model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
      this.tokens.set(modelKey, tokens);
    }
    tokens.input += sample.inputTokens;
    tokens.output += sample.outputTokens;
    tokens.cacheRead += sample.cacheReadTokens;
    tokens.cacheWrite += sample.cacheWriteTokens;
    tokens.cost += sample.cost ?? 0;

    histogramOf(this.duration, sample.provider, DURATION_BOUNDS).observe(sample.latencyMs / 1000);
    if (sample.ttftMs !== undefined) histogramOf(this.ttft, sample.provider, TTFT_BOUNDS).observe(sample.ttftMs / 1000);
    if (sample.overheadMs !== undefined) this.overhead.observe(sample.overheadMs / 1000);
  }

  upstreamError(provider: string, status: number): void {
    const key = `${provider}\u0000${status}`;
    const counted = this.upstreamErrors.get(key);
    if (counted) counted.count++;
    else this.upstreamErrors.set(key, { provider, status, count: 1 });
  }
}

function histogramOf(histograms: Map<string, PromHistogram>, provider: string, bounds: readonly number[]): PromHistogram {
  let histogram = histograms.get(provider);
  if (histogram === undefined) histograms.set(provider, (histogram = new PromHistogram(bounds)));
  return histogram;
}
