/**
 * service.json: what the supervisor runs, rewritten by it on every change (atomically), read by
 * `ccr status`, `ccr stop`, `ccr logs` and `ccr code`. It holds no secret.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { DataPaths } from './paths';
import { readLivePidRecord, writeFileAtomic } from './pid-files';
import type { ProcessRecord } from './process-info';
import type { ServerSpec } from './servers';

/** `start`: `ccr start` (stays until `ccr stop`); `code`: started by `ccr code`, stops with the last one. */
export type ServiceOrigin = 'start' | 'code';

export type ServerStatus = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface ServerState extends ServerSpec {
  log: string;
  status: ServerStatus;
  pid?: number;
  /** When the process under `pid` started (process-info.ts): a pid reused since by another program is not ours to stop. */
  pidStartTime?: number;
  /** ISO 8601, the current run's start. */
  startedAt?: string;
  restarts: number;
  lastExit?: { code: number | null; signal: string | null; at: string };
  /** Why the supervisor gave up on it. */
  failure?: string;
}

export interface ServiceState {
  supervisor: ProcessRecord;
  version: string;
  origin: ServiceOrigin;
  startedAt: string;
  /** The working directory servers were started in (where `.env` is read). */
  cwd: string;
  servers: ServerState[];
}

export function readServiceState(paths: DataPaths): ServiceState | undefined {
  try {
    return JSON.parse(readFileSync(paths.stateFile, 'utf8')) as ServiceState;
  } catch {
    return undefined;
  }
}

export function writeServiceState(paths: DataPaths, state: ServiceState): void {
  writeFileAtomic(paths.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearServiceState(paths: DataPaths): void {
  rmSync(paths.stateFile, { force: true });
  rmSync(paths.pidFile, { force: true });
}

/** The state of a supervisor that is running now, or undefined. */
export function readRunningService(paths: DataPaths): ServiceState | undefined {
  const supervisor = readLivePidRecord(paths.pidFile);
  if (!supervisor) return undefined;
  const state = readServiceState(paths);
  return state && state.supervisor.pid === supervisor.pid ? state : undefined;
}
