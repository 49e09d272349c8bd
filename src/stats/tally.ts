/**
 * What a group of completed requests adds up to (one provider and model in one time bucket, or a
 * whole window), and the figures shown for it. Adding a request is a few increments; percentiles
 * come from the bins (histogram.ts). Pure.
 */
import { addBins, newBins, quantileOf, type Bins } from './histogram';
import type { Figures } from './snapshot-types';

/** One completed request, as the stats count it. */
export interface Sample {
  /** ms since the epoch, when it completed. */
  at: number;
  sessionId: string;
  route: string;
  /** '' when the request was refused before a provider was chosen. */
  provider: string;
  model: string;
  status: number;
  outcome: 'ok' | 'error' | 'aborted';
  streamed: boolean;
  latencyMs: number;
  ttftMs: number | undefined;
  /** ccr's own time (latency less the upstream calls and retry waits); undefined without an upstream call. */
  overheadMs: number | undefined;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** undefined: the model has no price. */
  cost: number | undefined;
  hops: number;
  error: string | undefined;
  /** The histogram bins of the three durations (histogram.ts), worked out once for every window; -1 without one. */
  latencyBin: number;
  ttftBin: number;
  overheadBin: number;
}

export interface Tally {
  requests: number;
  errors: number;
  aborted: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
  unpriced: number;
  latency: Bins;
  ttft: Bins;
  overhead: Bins;
}

export function newTally(): Tally {
  return {
    requests: 0,
    errors: 0,
    aborted: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cost: 0,
    unpriced: 0,
    latency: newBins(),
    ttft: newBins(),
    overhead: newBins(),
  };
}

export function addSample(tally: Tally, sample: Sample): void {
  tally.requests++;
  if (sample.outcome === 'error') tally.errors++;
  else if (sample.outcome === 'aborted') tally.aborted++;
  tally.inputTokens += sample.inputTokens;
  tally.outputTokens += sample.outputTokens;
  tally.cacheReadTokens += sample.cacheReadTokens;
  tally.cacheWriteTokens += sample.cacheWriteTokens;
  if (sample.cost === undefined) {
    if (sample.provider !== '') tally.unpriced++;
  } else tally.cost += sample.cost;
  tally.latency[sample.latencyBin]++;
  if (sample.ttftBin >= 0) tally.ttft[sample.ttftBin]++;
  if (sample.overheadBin >= 0) tally.overhead[sample.overheadBin]++;
}

export function addTally(into: Tally, from: Tally): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.aborted += from.aborted;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.cacheWriteTokens += from.cacheWriteTokens;
  into.cost += from.cost;
  into.unpriced += from.unpriced;
  addBins(into.latency, from.latency);
  addBins(into.ttft, from.ttft);
  addBins(into.overhead, from.overhead);
}

export function figuresOf(tally: Tally): Figures {
  const settled = tally.requests - tally.aborted;
  return {
    requests: tally.requests,
    errors: tally.errors,
    aborted: tally.aborted,
    successRate: settled > 0 ? Math.round(((settled - tally.errors) / settled) * 1000) / 1000 : null,
    latencyP50Ms: quantileOf(tally.latency, 0.5),
    latencyP95Ms: quantileOf(tally.latency, 0.95),
    ttftP50Ms: quantileOf(tally.ttft, 0.5),
    ttftP95Ms: quantileOf(tally.ttft, 0.95),
    overheadP50Ms: quantileOf(tally.overhead, 0.5),
    inputTokens: tally.inputTokens,
    outputTokens: tally.outputTokens,
    cacheReadTokens: tally.cacheReadTokens,
    cacheWriteTokens: tally.cacheWriteTokens,
    cost: Math.round(tally.cost * 1e6) / 1e6,
    unpricedRequests: tally.unpriced,
  };
}
