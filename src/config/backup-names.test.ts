import { describe, expect, test } from 'bun:test';
import { backupName, newestFirst, parseBackupName } from './backup-names';

const time = new Date('2026-05-01T12:34:56.789Z');

describe('backup names', () => {
  test('an ISO 8601 basic timestamp, a sequence after the first of a millisecond', () => {
    expect(backupName(time)).toBe('config.20260501T123456.789Z.json');
    expect(backupName(time, 2)).toBe('config.20260501T123456.789Z-2.json');
    expect(parseBackupName('config.20260501T123456.789Z-2.json')).toEqual({ name: 'config.20260501T123456.789Z-2.json', time, sequence: 2 });
    expect(parseBackupName(backupName(time))?.time).toEqual(time);
  });

  test('anything else is not a backup name', () => {
    for (const name of [
      '..',
      '../config.json',
      'config.json',
      '..%2Fconfig.20260501T123456.789Z.json',
      'sub/config.20260501T123456.789Z.json',
      'config.20260501T123456.789Z.json/..',
      'config.20260501T123456.789Z.json\0',
      'config.2026-05-01T12:34:56.789Z.json',
      'config.20261301T123456.789Z.json',
      'config.20260501T123456.789Z-0.json',
      ' config.20260501T123456.789Z.json',
    ]) {
      expect(parseBackupName(name)).toBeUndefined();
    }
  });

  test('newest first, and within a millisecond the later sequence first', () => {
    const names = ['config.20260501T123456.789Z.json', 'config.20260502T000000.000Z.json', 'config.20260501T123456.789Z-1.json'].map((name) => parseBackupName(name)!);
    expect(names.sort(newestFirst).map((entry) => entry.name)).toEqual([
      'config.20260502T000000.000Z.json',
      'config.20260501T123456.789Z-1.json',
      'config.20260501T123456.789Z.json',
    ]);
  });
});
