/**
 * What `ccr status` and `ccr rotation` show, gathered once: the service as service.json records it
 * (or, with no service, the servers the configs describe, which a foreground ccr may serve), each
 * server's /health, and its providers and keys from `GET /api/status`, asked with its APIKEY.
 */
import { loadConfig } from '../config/load';
import type { ProviderStatusView } from '../state/status-view';
import type { CommandContext } from './command';
import { errorMessage } from './errors';
import { findPortOwner } from './port-owner';
import { isSameProcess } from './process-info';
import { fetchHealth, fetchStatus } from './server-client';
import { readRunningService, readServiceState, type ServerStatus, type ServiceOrigin } from './service-state';
import { resolveServerSpecs, serverUrl, type ServerSpec } from './servers';

export interface ServerReport {
  name: string;
  url: string;
  host: string;
  port: number;
  configPath: string | null;
  running: boolean;
  pid: number | null;
  version: string | null;
  uptimeSeconds: number | null;
  /** As the supervisor sees it; null for a server it does not run. */
  status: ServerStatus | null;
  restarts: number | null;
  failure: string | null;
  log: string | null;
  providers: ProviderStatusView[] | null;
  providersError: string | null;
}

export interface ServiceReport {
  running: boolean;
  supervisor: { pid: number; running: boolean; origin: ServiceOrigin; startedAt: string; version: string } | null;
  servers: ServerReport[];
  /** Why the servers could not be listed (an invalid config), when they could not. */
  error: string | null;
}

export async function gatherReport(context: CommandContext): Promise<ServiceReport> {
  const live = readRunningService(context.paths);
  const recorded = live ?? readServiceState(context.paths);
  let servers: Array<ServerSpec & { pid?: number; status?: ServerStatus; restarts?: number; failure?: string; log?: string }>;
  let error: string | null = null;
  if (recorded) servers = recorded.servers;
  else {
    try {
      servers = await resolveServerSpecs({ env: context.env, cwd: context.cwd });
    } catch (cause) {
      servers = [];
      error = errorMessage(cause);
    }
  }
  const reports = await Promise.all(
    servers.map(async (server): Promise<ServerReport> => {
      const url = serverUrl(server);
      const health = await fetchHealth(url);
      const pid = server.pid ?? (health ? findPortOwner(server.port)?.pid : undefined);
      const status = health ? await fetchStatus(url, await apiKeyOf(server.configPath, context)) : undefined;
      return {
        name: server.name,
        url,
        host: server.host,
        port: server.port,
        configPath: server.configPath ?? null,
        running: health !== undefined,
        pid: pid !== undefined && isSameProcess({ pid }) ? pid : null,
        version: health?.version ?? null,
        uptimeSeconds: health?.uptime ?? null,
        status: recorded ? (server.status ?? null) : null,
        restarts: server.restarts ?? null,
        failure: server.failure ?? null,
        log: server.log ?? null,
        providers: status?.ok ? status.status.providers : null,
        providersError: status && !status.ok ? status.error : null,
      };
    }),
  );
  return {
    running: reports.length > 0 && reports.every((report) => report.running),
    supervisor: recorded
      ? { pid: recorded.supervisor.pid, running: live !== undefined, origin: recorded.origin, startedAt: recorded.startedAt, version: recorded.version }
      : null,
    servers: reports,
    error,
  };
}

/** The APIKEY the server's config asks clients for (`$VAR` resolved), to read /api/status with. */
export async function apiKeyOf(configPath: string | undefined, context: CommandContext): Promise<string | undefined> {
  if (!configPath) return undefined;
  try {
    return (await loadConfig({ path: configPath, env: context.env, cwd: context.cwd })).settings.apiKey;
  } catch {
    return undefined;
  }
}
