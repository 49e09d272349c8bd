import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugSettings } from '../config/observability';
import { silentLogger } from '../log';
import { SavedRequests } from './saved-requests';

const HOUR = 3_600_000;
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function saver(settings: Partial<DebugSettings>, now: number) {
  dir = mkdtempSync(join(tmpdir(), 'ccr-saved-unit-'));
  const full: DebugSettings = { saveRequests: true, traceRequests: false, maxFiles: 100, maxAgeMs: 24 * HOUR, ...settings };
  return new SavedRequests(dir, () => full, silentLogger, () => now);
}

describe('SavedRequests', () => {
  test('one file a request, named by its time, keys masked', async () => {
    const at = Date.parse('2026-12-07T10:15:00.123Z');
    const saved = saver({}, at);
    const path = await saved.save(at, { key: 'sk-secret-0123456789', note: 'hello' }, ['sk-secret-0123456789']);
    expect(path).toBe(join(dir, '20261207T101500.123Z-0001.json'));
    expect(JSON.parse(readFileSync(path!, 'utf8'))).toEqual({ key: 'sk-s…6789', note: 'hello' });
  });

  test('files older than maxAgeHours go; other files in the folder stay', async () => {
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    const saved = saver({ maxAgeMs: 2 * HOUR }, now);
    await saved.save(now, {}, []);
    writeFileSync(join(dir, '20261207T090000.000Z-0042.json'), '{}');
    writeFileSync(join(dir, '20261207T110000.000Z-0043.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await saved.prune();
    expect(readdirSync(dir).sort()).toEqual(['20261207T110000.000Z-0043.json', '20261207T120000.000Z-0001.json', 'notes.txt']);
  });

  test('past maxFiles the oldest go', async () => {
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    const saved = saver({ maxFiles: 2 }, now);
    for (let i = 0; i < 4; i++) await saved.save(now - (4 - i) * 1000, { i }, []);
    expect(readdirSync(dir).sort()).toEqual(['20261207T115958.000Z-0003.json', '20261207T115959.000Z-0004.json']);
  });

  test('a folder that cannot be written: a warning, no throw', async () => {
    const warnings: string[] = [];
    dir = mkdtempSync(join(tmpdir(), 'ccr-saved-unit-'));
    writeFileSync(join(dir, 'file'), '');
    const saved = new SavedRequests(join(dir, 'file', 'below'), () => ({ saveRequests: true, traceRequests: false, maxFiles: 1, maxAgeMs: HOUR }), { warn: (_fields: object, message: string) => warnings.push(message) } as never);
    expect(await saved.save(Date.now(), {}, [])).toBeUndefined();
    expect(warnings).toEqual(['debug.saveRequests: a request could not be saved']);
  });
});
