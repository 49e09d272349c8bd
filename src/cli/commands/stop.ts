/**
 * `ccr stop`: stops the background service (its supervisor and every server). With no service,
 * a ccr started in the foreground elsewhere (another terminal, the login service) that answers on
 * the configured port is stopped by its pid.
 */
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { findPortOwner } from '../port-owner';
import { processCommand, signalProcess, waitFor, isAlive } from '../process-info';
import { fetchHealth } from '../server-client';
import { stopService } from '../service-control';
import { resolveServerSpecs, serverUrl } from '../servers';

export const help = `Usage: ccr stop

Stops the background service: every server finishes its in-flight requests (up to 10 s), then
exits. A ccr running in the foreground on the configured port is stopped too.`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  parseCommandArgs(argv, {});
  const { state, forced } = await stopService(context.paths);
  if (state) {
    console.log(`ccr stopped${forced ? ' (killed: it did not stop within 15 s)' : ''}: ${state.servers.map((server) => `${server.name} on ${serverUrl(server)}`).join(', ')}.`);
    return 0;
  }
  const stopped = await stopForegroundServers(context);
  if (stopped.length === 0) console.log('ccr is not running.');
  for (const line of stopped) console.log(line);
  return 0;
}

async function stopForegroundServers(context: CommandContext): Promise<string[]> {
  let specs;
  try {
    specs = await resolveServerSpecs({ env: context.env, cwd: context.cwd });
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const spec of specs) {
    const url = serverUrl(spec);
    if (!(await fetchHealth(url, 800))) continue;
    const owner = findPortOwner(spec.port);
    if (!owner || !looksLikeCcr(processCommand(owner.pid) ?? '')) {
      lines.push(`${url} answers, but not from a process ccr recognises as its own${owner ? ` (pid ${owner.pid})` : ''}; stop it where it was started.`);
      continue;
    }
    signalProcess(owner.pid, 'SIGTERM');
    const exited = await waitFor(() => !isAlive(owner.pid), 12_000);
    lines.push(exited ? `ccr stopped: ${spec.name} on ${url} (pid ${owner.pid}).` : `ccr on ${url} (pid ${owner.pid}) did not stop within 12 s.`);
  }
  return lines;
}

function looksLikeCcr(command: string): boolean {
  return /\bccr\b|src\/index\.ts|src\/cli\/main\.ts|dist\/main\.js|__serve/.test(command);
}
