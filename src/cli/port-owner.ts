/**
 * Who holds a TCP port, so that "port in use" can say by whom. On Linux the listening socket's
 * inode comes from /proc/net/tcp{,6} and is looked for among /proc/<pid>/fd; other users'
 * processes are not readable there, so `ss -ltnp` and then `lsof` are asked when present.
 * @see https://www.kernel.org/doc/Documentation/networking/proc_net_tcp.txt
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { processCommand } from './process-info';

export interface PortOwner {
  pid: number;
  command?: string;
}

/** TCP state 0A is LISTEN in the kernel's tables. */
const LISTEN = '0A';

export function findPortOwner(port: number): PortOwner | undefined {
  const pid = fromProc(port) ?? fromSs(port) ?? fromLsof(port);
  return pid === undefined ? undefined : { pid, command: processCommand(pid) };
}

export function describePortOwner(owner: PortOwner | undefined): string {
  if (!owner) return 'another program (which one could not be found)';
  return owner.command ? `pid ${owner.pid} (${owner.command})` : `pid ${owner.pid}`;
}

/** Inodes of the sockets listening on `port`, from the kernel's text tables. Pure. */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const localPort = Number.parseInt(fields[1].split(':').at(-1) ?? '', 16);
    if (localPort === port && fields[3] === LISTEN) inodes.push(fields[9]);
  }
  return inodes;
}

function fromProc(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const inode of listeningInodes(readFileSync(table, 'utf8'), port)) inodes.add(`socket:[${inode}]`);
    } catch {
      // No /proc: not Linux.
    }
  }
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return undefined;
}

/** `LISTEN 0 512 127.0.0.1:3456 0.0.0.0:* users:(("bun",pid=4242,fd=13))` */
export function parseSsOutput(text: string): number | undefined {
  const match = /pid=(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function fromSs(port: number): number | undefined {
  const result = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', timeout: 2000 });
  return result.status === 0 ? parseSsOutput(result.stdout) : undefined;
}

function fromLsof(port: number): number | undefined {
  const result = spawnSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fp'], { encoding: 'utf8', timeout: 2000 });
  const match = result.status === 0 ? /^p(\d+)$/m.exec(result.stdout) : null;
  return match ? Number(match[1]) : undefined;
}

/** Whether `host:port` can be listened on now. */
export function isPortFree(host: string, port: number): boolean {
  try {
    const listener = Bun.listen({ hostname: host, port, socket: { data() {} } });
    listener.stop(true);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /in use/i.test(String(error))) return false;
    throw error;
  }
}
