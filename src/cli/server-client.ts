/** What the CLI asks a running server: `GET /health`; `GET /api/status` and a session's usage with the APIKEY. */
import type { StatusView } from '../state/status-view';
import type { SessionUsage } from '../usage/queries';

export interface Health {
  version: string;
  /** Seconds. */
  uptime: number;
}

export async function fetchHealth(url: string, timeoutMs = 1500): Promise<Health | undefined> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return (await response.json()) as Health;
  } catch {
    return undefined;
  }
}

export type StatusResult = { ok: true; status: StatusView } | { ok: false; error: string };

export async function fetchStatus(url: string, apiKey: string | undefined, timeoutMs = 3000): Promise<StatusResult> {
  try {
    const response = await fetch(`${url}/api/status`, {
      headers: apiKey ? { 'x-api-key': apiKey } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => undefined)) as (StatusView & { error?: { message?: string } }) | undefined;
    if (!response.ok || !body || !Array.isArray(body.providers)) {
      return { ok: false, error: `GET /api/status answered ${response.status}${body?.error?.message ? `: ${body.error.message}` : ''}` };
    }
    return { ok: true, status: body };
  } catch (error) {
    return { ok: false, error: `GET /api/status failed: ${(error as Error).message}` };
  }
}

export type SessionUsageResult =
  | { kind: 'usage'; usage: SessionUsage }
  /** The router answers, but has recorded nothing for the session yet. */
  | { kind: 'none' }
  | { kind: 'down' }
  /** Refused or failed: the router's own words. */
  | { kind: 'refused'; message: string };

export async function sessionUsageOf(url: string, apiKey: string | undefined, sessionId: string, timeoutMs: number): Promise<SessionUsageResult> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/usage/sessions/${encodeURIComponent(sessionId)}`, {
      headers: apiKey ? { 'x-api-key': apiKey } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'down' };
  }
  if (response.status === 404) return { kind: 'none' };
  const body = (await response.json().catch(() => undefined)) as (SessionUsage & { error?: { message?: string } }) | undefined;
  if (!response.ok || !body) return { kind: 'refused', message: body?.error?.message ?? `GET /api/usage/sessions answered ${response.status}` };
  return { kind: 'usage', usage: body };
}
