import { expect, test } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from './env';

test('.env in the working directory is loaded; a missing one is fine', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-env-'));
  await loadDotEnv(dir);
  const name = `CCR_TEST_${process.pid}`;
  writeFileSync(join(dir, '.env'), `${name}=from-dotenv\n`);
  await loadDotEnv(dir);
  expect(process.env[name]).toBe('from-dotenv');
  delete process.env[name];
});
