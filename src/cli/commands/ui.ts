/**
 * `ccr ui`: the dashboard in the browser, as claude-code-router's users type it. The service is
 * started in the background if nothing answers yet (and stays, as with `ccr start --daemon`: a
 * page left open watches it); the address is printed, and opened when a person is at a terminal.
 */
import { spawn } from 'node:child_process';
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { printJson } from '../output';
import { withLock, writeFileAtomic } from '../pid-files';
import { ensureService } from '../service-control';
import { readRunningService } from '../service-state';
import { resolveServerSpecs, serverUrl } from '../servers';

export const help = `Usage: ccr ui [--no-open] [--json]

Opens the dashboard (/ui; /dual-stats when the service runs several servers) in the browser,
starting the router in the background first if it does not answer (it then stays until
\`ccr stop\`, as does one \`ccr code\` started). The address is printed; the browser is opened only on a terminal.

  --no-open   print the address only
  --json      print {"url": …} only`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'no-open': { type: 'boolean' }, json: { type: 'boolean' } });
  const { env, cwd, paths } = context;
  const specs = await resolveServerSpecs({ env, cwd });
  const base = serverUrl(specs[0]);
  await withLock(paths.lockFile, async () => {
    await ensureService({ specs, origin: 'start', paths, env, cwd }, base);
    // A service `ccr code` started would stop with its last Claude Code, under the open dashboard.
    if (readRunningService(paths)?.origin === 'code') writeFileAtomic(paths.pinnedFile, `${process.pid}\n`);
  });
  const url = `${base}${specs.length > 1 ? '/dual-stats' : '/ui'}`;
  if (values.json) {
    printJson({ url });
    return 0;
  }
  console.log(`The dashboard: ${url}`);
  if (!values['no-open'] && process.stdout.isTTY) openInBrowser(url, process.platform);
  return 0;
}

/** The platform's own opener; a failure to open leaves the printed address to copy. */
export function openerCommand(url: string, platform: NodeJS.Platform): [string, ...string[]] {
  if (platform === 'darwin') return ['open', url];
  // `start`'s first quoted argument is a window title.
  if (platform === 'win32') return ['cmd', '/c', 'start', '""', url];
  return ['xdg-open', url];
}

function openInBrowser(url: string, platform: NodeJS.Platform): void {
  const [command, ...args] = openerCommand(url, platform);
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('(no browser could be opened here: copy the address)'));
  child.unref();
}
