/**
 * The servers of the service this one runs in, as the CLI's supervisor records them in the data
 * folder (`service/service.json`, src/cli/service-state.ts): what `/dual-stats` shows side by side.
 * Read on each ask; empty when no supervisor runs (a server started on its own).
 */
import { homedir } from 'node:os';
import { dataPaths } from '../cli/paths';
import { serverUrl } from '../cli/servers';
import { readRunningService } from '../cli/service-state';

/** A server of the service, where it is reached. */
export interface ServiceServer {
  name: string;
  url: string;
  status: string;
}

export function serviceServers(home: string = homedir()): ServiceServer[] {
  const state = readRunningService(dataPaths(home));
  return state?.servers.map((server) => ({ name: server.name, url: serverUrl(server), status: server.status })) ?? [];
}
