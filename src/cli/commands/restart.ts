/** `ccr restart`: the background service stopped and started again, with the same servers unless told otherwise. */
import { existsSync } from 'node:fs';
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { stdoutStyles } from '../output';
import { hasServerOptions, SERVER_OPTIONS, SERVER_OPTIONS_HELP, specsFromOptions } from '../server-options';
import { startDaemon, stopService } from '../service-control';
import { readRunningService } from '../service-state';
import { serverUrl, type ServerSpec } from '../servers';

export const help = `Usage: ccr restart [options]

Stops the background service and starts it again in the background (configs are read anew).
Without options it restarts the same servers; it starts the service if none runs.

${SERVER_OPTIONS_HELP}`;

/** The running service's configs, read anew (a changed PORT applies); the embedded default keeps its port. */
function sameServers(servers: ServerSpec[], context: CommandContext): Promise<ServerSpec[]> {
  const configs = servers.map((server) => server.configPath);
  if (configs.some((path) => path === undefined)) return Promise.resolve(servers);
  return specsFromOptions({ config: configs as string[], host: servers[0].hostFlag }, context);
}

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, SERVER_OPTIONS);
  const running = readRunningService(context.paths);
  const specs = running && !hasServerOptions(values) ? await sameServers(running.servers, context) : await specsFromOptions(values, context);
  // A service `ccr code` started goes on counting its clients; a pinned one stays pinned.
  const origin = running?.origin === 'code' && !existsSync(context.paths.pinnedFile) ? 'code' : 'start';
  if (running) await stopService(context.paths);
  const { state } = await startDaemon({ specs, origin, paths: context.paths, env: context.env, cwd: context.cwd });
  console.log(`${stdoutStyles().green(running ? 'ccr restarted' : 'ccr started')} (supervisor pid ${state.supervisor.pid}).`);
  for (const server of state.servers) console.log(`  ${server.name}: ${serverUrl(server)} (pid ${server.pid})`);
  return 0;
}
