/**
 * The two readings of the live stats: the snapshot (`/api/stats`, the dashboard) and the
 * Prometheus exposition (`/metrics`), each with the provider and key state in effect now.
 */
import type { Runtime } from '../runtime';
import type { LiveState } from '../state/live';
import { statusView } from '../state/status-view';
import { renderMetrics } from './prometheus';
import type { RequestStats } from './request-stats';
import { statsSnapshot, type StatsSnapshot } from './snapshot';

export interface StatsReadOptions {
  stats: RequestStats;
  getRuntime: () => Runtime;
  live: LiveState;
  version: string;
}

export interface StatsReader {
  snapshot(): StatsSnapshot;
  metrics(): string;
}

export function statsReader({ stats, getRuntime, live, version }: StatsReadOptions): StatsReader {
  return {
    snapshot() {
      const runtime = getRuntime();
      const models: Record<string, string[]> = {};
      for (const provider of runtime.providers.values()) models[provider.name] = [...provider.models];
      return statsSnapshot(stats, statusView(runtime, live), models, version);
    },
    metrics() {
      stats.drain();
      return renderMetrics({
        cumulative: stats.cumulative,
        inflight: { requests: stats.inflight, streams: stats.inflightStreams },
        status: statusView(getRuntime(), live),
        version,
        startedAt: stats.startedAt,
        residentBytes: process.memoryUsage.rss(),
      });
    },
  };
}
