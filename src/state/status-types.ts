/**
 * The shapes `GET /api/status` answers (status-view.ts makes them), written once for the server, the
 * CLI and the dashboard's page alike: no imports, so the browser's type check can read it.
 */

export type ProviderState = 'active' | 'disabled' | 'blacklisted' | 'unhealthy';

export interface KeyStatusView {
  id: string;
  /** First 4 and last 4 characters. */
  key: string;
  state: 'active' | 'cooling' | 'disabled';
  coolingUntil?: string;
  disabledReason?: string;
  failures: number;
  requests: number;
  successes: number;
  successRate: number | null;
  lastUsedAt?: string;
  lastError?: { at: string; status?: number; message: string };
  sessions: number;
}

export interface ProviderStatusView {
  name: string;
  state: ProviderState;
  blacklistedUntil?: string;
  blacklistReason?: string;
  recentRequests: number;
  recentFailures: number;
  disabledModels: string[];
  lastError?: { at: string; message: string };
  rotation: { enabled: boolean; strategy: string; sessionAffinity: boolean };
  keys: KeyStatusView[];
}

export interface StatusView {
  providers: ProviderStatusView[];
  pinnedSessions: number;
}
