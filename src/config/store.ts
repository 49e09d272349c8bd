/**
 * The config file on disk and its backups; filesystem only. Writes are atomic: the new text goes
 * to a temporary file in the same folder, is flushed to disk (fsync), then renamed over the file,
 * so a crash at any point leaves either the old file or the new one, whole. The file keeps its
 * permissions (0600 for a new one: it holds keys); backups are 0600 in a 0700 folder.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BACKUP_FOLDER, backupName, newestFirst, parseBackupName } from './backup-names';

export interface BackupInfo {
  name: string;
  /** When the backup was taken, ISO 8601. */
  time: string;
  /** Bytes. */
  size: number;
}

/** The calls a write makes that tests replace to simulate a crash. */
export interface StoreFileOps {
  rename(from: string, to: string): Promise<void>;
}

export interface ConfigStore {
  readonly path: string;
  readonly backupDir: string;
  /** The file's text, or undefined when there is no file. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
  /** Copies the file into the backup folder; undefined when there is no file to copy. */
  backup(now: Date): Promise<BackupInfo | undefined>;
  /** Newest first. */
  list(): Promise<BackupInfo[]>;
  /** Removes all but the `keep` newest backups; returns the names removed. */
  prune(keep: number): Promise<string[]>;
  /** A backup's text, or undefined when none has that name. Throws for a name that is not a backup name. */
  readBackup(name: string): Promise<string | undefined>;
}

const MAX_SAME_MILLISECOND = 9999;

export function openConfigStore(path: string, fileOps: Partial<StoreFileOps> = {}): ConfigStore {
  const dir = dirname(path);
  const backupDir = join(dir, BACKUP_FOLDER);
  const files: StoreFileOps = { rename, ...fileOps };

  const list = async (): Promise<BackupInfo[]> => {
    const names = (await readdirOrEmpty(backupDir)).flatMap((name) => parseBackupName(name) ?? []).sort(newestFirst);
    const infos: BackupInfo[] = [];
    for (const { name, time } of names) {
      const size = await sizeOf(join(backupDir, name));
      if (size !== undefined) infos.push({ name, time: time.toISOString(), size });
    }
    return infos;
  };

  return {
    path,
    backupDir,
    read: () => readTextOrUndefined(path),

    async write(text) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const mode = ((await stat(path).catch(() => undefined))?.mode ?? 0o600) & 0o777;
      const temporary = join(dir, `.${basename(path)}.${randomUUID()}.tmp`);
      await writeDurably(temporary, text, mode);
      try {
        await files.rename(temporary, path);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
      await syncFolder(dir);
    },

    async backup(now) {
      const text = await readTextOrUndefined(path);
      if (text === undefined) return undefined;
      await mkdir(backupDir, { recursive: true, mode: 0o700 });
      for (let sequence = 0; sequence <= MAX_SAME_MILLISECOND; sequence++) {
        const name = backupName(now, sequence);
        try {
          await writeDurably(join(backupDir, name), text, 0o600);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw error;
        }
        return { name, time: now.toISOString(), size: Buffer.byteLength(text) };
      }
      throw new Error(`more than ${MAX_SAME_MILLISECOND} backups named for ${now.toISOString()}`);
    },

    list,

    async prune(keep) {
      const removed: string[] = [];
      for (const { name } of (await list()).slice(Math.max(0, keep))) {
        await unlink(join(backupDir, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        removed.push(name);
      }
      return removed;
    },

    async readBackup(name) {
      if (!parseBackupName(name)) throw new Error(`not a backup name: ${JSON.stringify(name)}`);
      return readTextOrUndefined(join(backupDir, name));
    },
  };
}

/** Creates `path` (never replacing one), writes `text` and flushes it to disk before closing. */
async function writeDurably(path: string, text: string, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A rename is durable once the folder holding it is flushed; not every system can flush a folder (Windows). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file itself is already on disk.
  }
}

async function readTextOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw error;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}
