/**
 * The data folder, claude-code-router's: `~/.claude-code-router/` (HOME decides where `~` is).
 *
 * ```
 * ~/.claude-code-router/
 *   config.json, config.release.json   the configs (a release config beside the main one is served too)
 *   service/
 *     supervisor.pid                   the supervisor of `ccr start --daemon` (pid and process start time)
 *     service.json                     what it runs: each server's name, config, port, pid, restarts, state
 *     pinned                           present: the service stays up when the last `ccr code` exits
 *     clients/<pid>                    one per running `ccr code` (reference count; stale ones pruned)
 *     lock                             held while a service is started or stopped
 *   logs/
 *     server-<name>.log                each server's output
 *     supervisor.log                   starts, crashes, restarts, giving up
 * ```
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { homeDataDir } from '../config/locate';

export interface DataPaths {
  dir: string;
  serviceDir: string;
  pidFile: string;
  stateFile: string;
  pinnedFile: string;
  clientsDir: string;
  lockFile: string;
  logsDir: string;
  supervisorLog: string;
}

export function dataPaths(home = homedir()): DataPaths {
  const dir = homeDataDir(home);
  const serviceDir = join(dir, 'service');
  const logsDir = join(dir, 'logs');
  return {
    dir,
    serviceDir,
    pidFile: join(serviceDir, 'supervisor.pid'),
    stateFile: join(serviceDir, 'service.json'),
    pinnedFile: join(serviceDir, 'pinned'),
    clientsDir: join(serviceDir, 'clients'),
    lockFile: join(serviceDir, 'lock'),
    logsDir,
    supervisorLog: join(logsDir, 'supervisor.log'),
  };
}

export function serverLogFile(paths: DataPaths, name: string): string {
  return join(paths.logsDir, `server-${name}.log`);
}
