/**
 * The shape of `/api/stats` and of each snapshot the dashboard receives: plain types, importing
 * only plain types, shared by the server (snapshot.ts) and the page (src/ui/, compiled for the
 * browser). Durations are milliseconds; null where there is no sample yet.
 */
import type { KeyStatusView, ProviderStatusView } from '../state/status-types';

export type WindowName = '1m' | '1h' | '24h';

export interface Figures {
  requests: number;
  errors: number;
  /** The client left before the answer ended. */
  aborted: number;
  /** Answered without an error, of the requests not abandoned by their client; null with none. */
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  /** ccr's own time per request (latency less upstream calls and retry waits). */
  overheadP50Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cost: number;
  unpricedRequests: number;
}

export interface ModelFigures extends Figures {
  provider: string;
  model: string;
}

export interface SeriesPoint {
  /** The bucket's start, ms since the epoch. */
  t: number;
  requests: number;
  errors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

export interface WindowView {
  spanSeconds: number;
  bucketSeconds: number;
  totals: Figures;
  providers: Record<string, Figures>;
  /** By `provider,model`. */
  models: Record<string, ModelFigures>;
  /** Requests per routing category. */
  routes: Record<string, number>;
  series: SeriesPoint[];
}

export interface SessionView {
  sessionId: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cost: number;
  firstAt: string;
  lastAt: string;
  lastProvider: string;
  lastModel: string;
}

export interface RecentRequestView {
  at: string;
  sessionId: string;
  route: string;
  provider: string;
  model: string;
  status: number;
  outcome: 'ok' | 'error' | 'aborted';
  streamed: boolean;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  hops: number;
  error?: string;
}

/** A provider key and a provider as GET /api/status shows them. */
export type KeyView = KeyStatusView;
export type ProviderView = ProviderStatusView;

export interface StatsSnapshot {
  generatedAt: string;
  /** ms since the epoch: what cool-downs are counted down from. */
  now: number;
  startedAt: string;
  uptimeSeconds: number;
  version: string;
  inflight: { requests: number; streams: number };
  windows: Record<WindowName, WindowView>;
  /** Every configured provider with its models' switches and its keys. */
  providers: ProviderView[];
  /** The models each provider lists in the config, for their switches. */
  models: Record<string, string[]>;
  pinnedSessions: number;
  sessions: SessionView[];
  recent: RecentRequestView[];
}
