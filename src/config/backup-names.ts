/**
 * Backup file names: `config.20260501T123456.789Z.json`, an ISO 8601 timestamp in its basic form
 * (no `:`, which Windows refuses in file names), so names sort by time. A second backup within the
 * same millisecond gets `-1`, `-2`… The pattern is strict: a name that does not match is never
 * turned into a path, so `..`, `/` and their encodings cannot reach outside the backup folder. Pure.
 */

/** The folder beside the config file that holds its backups. */
export const BACKUP_FOLDER = '.backups';

const NAME = /^config\.(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z(?:-([1-9]\d{0,3}))?\.json$/;

export interface BackupName {
  name: string;
  time: Date;
  /** 0 for the first backup of its millisecond. */
  sequence: number;
}

export function backupName(time: Date, sequence = 0): string {
  const stamp = time.toISOString().replace(/[-:]/g, '');
  return `config.${stamp}${sequence > 0 ? `-${sequence}` : ''}.json`;
}

export function parseBackupName(name: string): BackupName | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, millisecond, sequence] = match;
  const time = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millisecond}Z`);
  if (Number.isNaN(time.getTime())) return undefined;
  return { name, time, sequence: sequence === undefined ? 0 : Number(sequence) };
}

export function newestFirst(a: BackupName, b: BackupName): number {
  return b.time.getTime() - a.time.getTime() || b.sequence - a.sequence;
}
