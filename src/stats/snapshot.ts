/**
 * What `/api/stats` answers and the dashboard draws: per window (last minute, hour, day) the totals,
 * each provider and model, the routes taken and a time series; requests in flight; every provider
 * and key with its state (src/state/status-view.ts); sessions; the latest requests (no bodies).
 * Pure: the stats and the status in, a JSON value out.
 */
import type { StatusView } from '../state/status-view';
import type { Bucket } from './bucket-ring';
import { quantileOf } from './histogram';
import { WINDOW_NAMES, type RequestStats, type SessionTally } from './request-stats';
import type { Figures, ModelFigures, RecentRequestView, SeriesPoint, SessionView, StatsSnapshot, WindowName, WindowView } from './snapshot-types';
import { addTally, figuresOf, newTally, type Sample, type Tally } from './tally';

export type { StatsSnapshot };

const iso = (at: number) => new Date(at).toISOString();

/** `models`: each provider's configured models, by provider name. */
export function statsSnapshot(stats: RequestStats, status: StatusView, models: Record<string, string[]>, version: string): StatsSnapshot {
  stats.drain();
  const now = stats.now();
  const windows = {} as Record<WindowName, WindowView>;
  for (const name of WINDOW_NAMES) windows[name] = windowView(stats.windows[name].window(now), stats.windows[name].widthMs);
  return {
    generatedAt: iso(now),
    now,
    startedAt: iso(stats.startedAt),
    uptimeSeconds: Math.round((now - stats.startedAt) / 1000),
    version,
    inflight: { requests: stats.inflight, streams: stats.inflightStreams },
    windows,
    providers: status.providers,
    models,
    pinnedSessions: status.pinnedSessions,
    sessions: stats.sessions(50).map(sessionView),
    recent: stats.recent(50).map(recentView),
  };
}

function windowView(buckets: Bucket[], widthMs: number): WindowView {
  const totals = newTally();
  const byProvider = new Map<string, Tally>();
  const byModel = new Map<string, Tally>();
  const routes: Record<string, number> = {};
  const series: SeriesPoint[] = [];
  const point = newTally();
  for (const bucket of buckets) {
    resetTally(point);
    for (const [key, tally] of bucket.tallies) {
      addTally(point, tally);
      const [provider] = key.split('\u0000', 1);
      if (provider === '') continue;
      mergeInto(byProvider, provider, tally);
      mergeInto(byModel, key, tally);
    }
    addTally(totals, point);
    for (const [route, count] of bucket.routes) routes[route] = (routes[route] ?? 0) + count;
    series.push({
      t: bucket.start,
      requests: point.requests,
      errors: point.errors,
      latencyP50Ms: quantileOf(point.latency, 0.5),
      latencyP95Ms: quantileOf(point.latency, 0.95),
      ttftP50Ms: quantileOf(point.ttft, 0.5),
      inputTokens: point.inputTokens,
      outputTokens: point.outputTokens,
      cost: Math.round(point.cost * 1e6) / 1e6,
    });
  }
  const providers: Record<string, Figures> = {};
  for (const [provider, tally] of byProvider) providers[provider] = figuresOf(tally);
  const models: Record<string, ModelFigures> = {};
  for (const [key, tally] of byModel) {
    const [provider, model] = key.split('\u0000');
    models[`${provider},${model}`] = { provider, model, ...figuresOf(tally) };
  }
  return { spanSeconds: (widthMs * buckets.length) / 1000, bucketSeconds: widthMs / 1000, totals: figuresOf(totals), providers, models, routes, series };
}

function mergeInto(tallies: Map<string, Tally>, key: string, tally: Tally): void {
  let into = tallies.get(key);
  if (into === undefined) tallies.set(key, (into = newTally()));
  addTally(into, tally);
}

function resetTally(tally: Tally): void {
  tally.requests = tally.errors = tally.aborted = 0;
  tally.inputTokens = tally.outputTokens = tally.cacheReadTokens = tally.cacheWriteTokens = 0;
  tally.cost = 0;
  tally.unpriced = 0;
  tally.latency.fill(0);
  tally.ttft.fill(0);
  tally.overhead.fill(0);
}

function sessionView(session: SessionTally): SessionView {
  return { ...session, cost: Math.round(session.cost * 1e6) / 1e6, firstAt: iso(session.firstAt), lastAt: iso(session.lastAt) };
}

function recentView(sample: Sample): RecentRequestView {
  return {
    at: iso(sample.at),
    sessionId: sample.sessionId,
    route: sample.route,
    provider: sample.provider,
    model: sample.model,
    status: sample.status,
    outcome: sample.outcome,
    streamed: sample.streamed,
    latencyMs: sample.latencyMs,
    ttftMs: sample.ttftMs ?? null,
    inputTokens: sample.inputTokens,
    outputTokens: sample.outputTokens,
    cost: sample.cost === undefined ? null : Math.round(sample.cost * 1e6) / 1e6,
    hops: sample.hops,
    ...(sample.error !== undefined && { error: sample.error }),
  };
}
