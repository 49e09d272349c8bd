/** `ccr logs`: the last lines of the servers' logs, and with -f what follows. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { parseCommandArgs, parseIntegerOption } from '../args';
import type { CommandContext } from '../command';
import { CliError } from '../errors';
import { readLastLines } from '../log-tail';
import { serverLogFile } from '../paths';
import { readServiceState } from '../service-state';
import { resolveServerSpecs } from '../servers';

export const help = `Usage: ccr logs [-f] [--lines N] [--server NAME] [--supervisor]

The background service's logs (~/.claude-code-router/logs/): each server's output, one JSON line
per entry as the server writes it. With several servers each line starts with [name].

  -f, --follow        keep printing new lines until Ctrl-C
  -n, --lines N       how many of the last lines to print first (default 50)
      --server NAME   one server's log only
      --supervisor    the supervisor's log: starts, crashes, restarts, giving up`;

const POLL_MS = 200;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    follow: { type: 'boolean', short: 'f' },
    lines: { type: 'string', short: 'n' },
    server: { type: 'string' },
    supervisor: { type: 'boolean' },
  });
  const count = parseIntegerOption('lines', values.lines, 0) ?? 50;
  const files = await logFiles(context, values.server, values.supervisor === true);
  const existing = files.filter((file) => existsSync(file.path));
  if (existing.length === 0) {
    throw new CliError(`no log yet at ${files.map((file) => file.path).join(', ')} (the background service writes it; a foreground \`ccr start\` prints to its terminal)`);
  }
  const prefix = (name: string) => (existing.length > 1 ? `[${name}] ` : '');
  for (const file of existing) for (const line of readLastLines(file.path, count)) process.stdout.write(`${prefix(file.name)}${line}\n`);
  if (!values.follow) return 0;
  await follow(files, prefix);
  return 0;
}

async function logFiles(context: CommandContext, server: string | undefined, supervisor: boolean): Promise<Array<{ name: string; path: string }>> {
  if (supervisor) return [{ name: 'supervisor', path: context.paths.supervisorLog }];
  const state = readServiceState(context.paths);
  const names = state ? state.servers.map((each) => each.name) : (await resolveServerSpecs({ env: context.env, cwd: context.cwd }).catch(() => [{ name: 'main' }])).map((each) => each.name);
  if (server && !names.includes(server)) throw new CliError(`no server named "${server}" (servers: ${names.join(', ')})`);
  return names.filter((name) => !server || name === server).map((name) => ({ name, path: serverLogFile(context.paths, name) }));
}

/** Polls each file's size and prints what was appended; a file truncated or replaced is read from its start. */
async function follow(files: Array<{ name: string; path: string }>, prefix: (name: string) => string): Promise<never> {
  const offsets = new Map(files.map((file) => [file.path, sizeOf(file.path)]));
  const partial = new Map<string, string>();
  process.on('SIGINT', () => process.exit(0));
  for (;;) {
    await Bun.sleep(POLL_MS);
    for (const file of files) {
      const size = sizeOf(file.path);
      let offset = offsets.get(file.path) ?? 0;
      if (size < offset) offset = 0;
      if (size === offset) continue;
      const text = (partial.get(file.path) ?? '') + readRange(file.path, offset, size);
      offsets.set(file.path, size);
      const lines = text.split('\n');
      partial.set(file.path, lines.pop() ?? '');
      for (const line of lines) process.stdout.write(`${prefix(file.name)}${line}\n`);
    }
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readRange(path: string, start: number, end: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
