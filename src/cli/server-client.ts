/** What the CLI asks a running server: `GET /health`, and `GET /api/status` with the APIKEY. */
import type { StatusView } from '../state/status-view';

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
