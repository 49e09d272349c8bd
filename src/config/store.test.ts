import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfigStore } from './store';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccr-store-'));
  path = join(dir, 'config.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = (iso: string) => new Date(iso);

describe('openConfigStore: the file', () => {
  test('read gives undefined without a file; write creates it (and its folder) readable by its owner only', async () => {
    const store = openConfigStore(join(dir, 'new', 'config.json'));
    expect(await store.read()).toBeUndefined();
    await store.write('{"PORT": 1}\n');
    expect(await store.read()).toBe('{"PORT": 1}\n');
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  test('a write replaces the file whole, keeps its permissions and leaves no temporary file', async () => {
    writeFileSync(path, '{"old": true}');
    chmodSync(path, 0o640);
    await openConfigStore(path).write('{"new": true}');
    expect(readFileSync(path, 'utf8')).toBe('{"new": true}');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  test('a crash between writing and renaming leaves the old file whole, and no temporary file', async () => {
    writeFileSync(path, '{"old": true}');
    let written = '';
    const store = openConfigStore(path, {
      rename: async (from) => {
        written = readFileSync(from, 'utf8');
        throw new Error('simulated crash');
      },
    });
    await expect(store.write('{"new": true}')).rejects.toThrow('simulated crash');
    // The new text was complete on disk before the rename was attempted.
    expect(written).toBe('{"new": true}');
    expect(readFileSync(path, 'utf8')).toBe('{"old": true}');
    expect(readdirSync(dir)).toEqual(['config.json']);
  });
});

describe('openConfigStore: backups', () => {
  test('a backup copies the file to .backups/config.<timestamp>.json; none without a file', async () => {
    const store = openConfigStore(path);
    expect(await store.backup(at('2026-05-01T12:00:00.000Z'))).toBeUndefined();
    writeFileSync(path, '{"v": 1}');
    const backup = await store.backup(at('2026-05-01T12:00:00.000Z'));
    expect(backup).toEqual({ name: 'config.20260501T120000.000Z.json', time: '2026-05-01T12:00:00.000Z', size: 8 });
    expect(readFileSync(join(dir, '.backups', backup!.name), 'utf8')).toBe('{"v": 1}');
    expect(statSync(join(dir, '.backups', backup!.name)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.backups')).mode & 0o777).toBe(0o700);
  });

  test('two backups in the same millisecond get distinct names', async () => {
    writeFileSync(path, '{}');
    const store = openConfigStore(path);
    const time = at('2026-05-01T12:00:00.000Z');
    const names = [(await store.backup(time))!.name, (await store.backup(time))!.name, (await store.backup(time))!.name];
    expect(names).toEqual(['config.20260501T120000.000Z.json', 'config.20260501T120000.000Z-1.json', 'config.20260501T120000.000Z-2.json']);
    expect((await store.list()).map((entry) => entry.name)).toEqual([...names].reverse());
  });

  test('list is newest first with time and size, and ignores other files', async () => {
    const store = openConfigStore(path);
    for (const [day, text] of [['02', '{"b":2}'], ['01', '{"a":1}'], ['03', '{"c":33}']]) {
      writeFileSync(path, text);
      await store.backup(at(`2026-05-${day}T00:00:00.000Z`));
    }
    writeFileSync(join(dir, '.backups', 'notes.txt'), 'mine');
    mkdirSync(join(dir, '.backups', 'config.20990101T000000.000Z.json'));
    expect(await store.list()).toEqual([
      { name: 'config.20260503T000000.000Z.json', time: '2026-05-03T00:00:00.000Z', size: 8 },
      { name: 'config.20260502T000000.000Z.json', time: '2026-05-02T00:00:00.000Z', size: 7 },
      { name: 'config.20260501T000000.000Z.json', time: '2026-05-01T00:00:00.000Z', size: 7 },
    ]);
  });

  test('prune keeps the newest, removes the oldest first, and nothing else', async () => {
    writeFileSync(path, '{}');
    const store = openConfigStore(path);
    for (let day = 1; day <= 5; day++) await store.backup(at(`2026-05-0${day}T00:00:00.000Z`));
    writeFileSync(join(dir, '.backups', 'notes.txt'), 'mine');
    expect(await store.prune(2)).toEqual(['config.20260503T000000.000Z.json', 'config.20260502T000000.000Z.json', 'config.20260501T000000.000Z.json']);
    expect(readdirSync(join(dir, '.backups')).sort()).toEqual(['config.20260504T000000.000Z.json', 'config.20260505T000000.000Z.json', 'notes.txt']);
    expect(await store.prune(2)).toEqual([]);
  });

  test('readBackup reads by name only: a name that is not a backup name never becomes a path', async () => {
    writeFileSync(path, '{"v": 1}');
    const store = openConfigStore(path);
    const { name } = (await store.backup(at('2026-05-01T00:00:00.000Z')))!;
    expect(await store.readBackup(name)).toBe('{"v": 1}');
    expect(await store.readBackup('config.20200101T000000.000Z.json')).toBeUndefined();
    await expect(store.readBackup('../config.json')).rejects.toThrow('not a backup name');
    expect(existsSync(join(dir, '.backups'))).toBe(true);
  });
});
