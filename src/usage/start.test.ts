import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigValue } from '../config/load';
import { silentLogger } from '../log';
import { buildRuntime } from '../runtime';
import { startUsage, usageDatabasePath } from './start';

test('the data folder: ~/.claude-code-router by default; DATA_DIR absolute, with ~, or relative to the config file’s folder', () => {
  expect(usageDatabasePath(undefined, '/etc/ccr', '/home/me')).toBe('/home/me/.claude-code-router/usage.db');
  expect(usageDatabasePath('/var/lib/ccr', '/etc/ccr', '/home/me')).toBe('/var/lib/ccr/usage.db');
  expect(usageDatabasePath('~/ccr-data', '/etc/ccr', '/home/me')).toBe('/home/me/ccr-data/usage.db');
  expect(usageDatabasePath('data', '/etc/ccr', '/home/me')).toBe('/etc/ccr/data/usage.db');
});

test('a data folder that cannot be created: usage accounting is off and says why; the router is not stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-usage-start-'));
  try {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const runtime = await buildRuntime(loadConfigValue({ DATA_DIR: join(blocker, 'data') }, { path: undefined, baseDir: dir, env: {} }));
    const started = startUsage({ getRuntime: () => runtime, baseDir: dir, log: silentLogger, home: dir });
    expect(started.usage).toBeUndefined();
    expect(started.path).toBe(join(blocker, 'data', 'usage.db'));
    expect('unavailable' in started && started.unavailable).toContain('could not be opened');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('opened in the data folder, with prices and retention from the runtime', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-usage-start-'));
  try {
    const runtime = await buildRuntime(loadConfigValue({ DATA_DIR: 'data', pricing: { m: { input: 1, output: 1 } } }, { path: undefined, baseDir: dir, env: {} }));
    const started = startUsage({ getRuntime: () => runtime, baseDir: dir, log: silentLogger, home: dir });
    expect(started.path).toBe(join(dir, 'data', 'usage.db'));
    started.usage!.recorder.record({ sessionId: 's', provider: 'p', model: 'm', usage: { input_tokens: 1_000_000, output_tokens: 0 }, latencyMs: 1, status: 200, outcome: 'ok', streamed: false, hops: 0 });
    started.usage!.close();
    const reopened = startUsage({ getRuntime: () => runtime, baseDir: dir, log: silentLogger, home: dir });
    expect(reopened.usage!.queries.session('s')).toMatchObject({ totalCost: 1, totalRequests: 1 });
    reopened.usage!.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
