/**
 * Facts about other processes: alive or not, when they started (to tell a pid reused by another
 * program from the one recorded), what command they run. Linux reads /proc; elsewhere `ps`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process as recorded in a pid file: its pid and, where the system tells, its start time. */
export interface ProcessRecord {
  pid: number;
  /** Clock ticks since boot (field 22 of /proc/<pid>/stat); absent where there is no /proc. */
  startTime?: number;
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state === 'Z';
}

function readStat(pid: number): { state: string; startTime: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTime: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

export function processStartTime(pid: number): number | undefined {
  return readStat(pid)?.startTime;
}

export function recordOf(pid: number): ProcessRecord {
  const startTime = processStartTime(pid);
  return startTime === undefined ? { pid } : { pid, startTime };
}

/** The recorded process is still the one running under that pid. */
export function isSameProcess(record: ProcessRecord): boolean {
  if (!isAlive(record.pid)) return false;
  if (record.startTime === undefined) return true;
  const now = processStartTime(record.pid);
  return now === undefined || now === record.startTime;
}

/** The command line of a process, or undefined when it cannot be read. */
export function processCommand(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (text) return text.split('\0').filter(Boolean).join(' ');
  } catch {
    // No /proc (macOS), or not ours to read.
  }
  const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  const command = ps.status === 0 ? ps.stdout.trim() : '';
  return command || undefined;
}

export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `done()` holds or the deadline passes; true when it held. */
export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await Bun.sleep(intervalMs);
  }
}
