/**
 * Pid files and the folder of `ccr code` clients. A record holds the pid and the process's start
 * time, so a pid the system has since given to another program reads as stale, not as ours.
 * Stale records are removed as they are read.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSameProcess, recordOf, waitFor, type ProcessRecord } from './process-info';

export function writePidRecord(path: string, record: ProcessRecord): void {
  writeFileAtomic(path, `${JSON.stringify(record)}\n`);
}

/** The record if its process still runs; a stale or unreadable file is removed. */
export function readLivePidRecord(path: string): ProcessRecord | undefined {
  const record = readPidRecord(path);
  if (record === undefined) return undefined;
  if (isSameProcess(record)) return record;
  rmSync(path, { force: true });
  return undefined;
}

export function readPidRecord(path: string): ProcessRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as ProcessRecord;
    if (Number.isInteger(value.pid) && value.pid > 0) return value;
  } catch {
    // A bare pid, as older versions wrote.
    const pid = Number(text);
    if (Number.isInteger(pid) && pid > 0) return { pid };
  }
  return undefined;
}

/** Writes through a temporary file and a rename: a reader never sees half a file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
}

/** `ccr code` runs, one file per process in `dir`: the service they share stops when none is left. */
export const clients = {
  register(dir: string, pid = process.pid): string {
    const path = join(dir, String(pid));
    writePidRecord(path, recordOf(pid));
    return path;
  },
  unregister(dir: string, pid = process.pid): void {
    rmSync(join(dir, String(pid)), { force: true });
  },
  /** The clients still running; files of dead ones (a killed `ccr code`) are removed. */
  live(dir: string): ProcessRecord[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.filter((name) => /^\d+$/.test(name)).flatMap((name) => readLivePidRecord(join(dir, name)) ?? []);
  },
};

/**
 * A lock across processes: a file created exclusively, holding its owner's pid. A lock whose owner
 * died is taken over. Held while a service starts or stops, so that a `ccr code` starting and
 * the last one leaving never cross.
 */
export async function withLock<T>(path: string, task: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const acquired = await waitFor(() => tryLock(path), timeoutMs, 20);
  if (!acquired) throw new Error(`could not take the lock ${path} within ${timeoutMs / 1000} s (held by pid ${readPidRecord(path)?.pid ?? 'unknown'})`);
  try {
    return await task();
  } finally {
    rmSync(path, { force: true });
  }
}

function tryLock(path: string): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(recordOf(process.pid))}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = readPidRecord(path);
  // An owner that died (or a file still being written, read as no owner: wait for it).
  if (owner !== undefined && !isSameProcess(owner)) rmSync(path, { force: true });
  return false;
}
