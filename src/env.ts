/**
 * Loads `.env` from the working directory with dotenv, when there is one. Bun reads `.env` by
 * itself too; dotenv keeps the behaviour the same under any launcher, and is only loaded (about
 * 10 MB of memory) when there is a file to read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function loadDotEnv(cwd = process.cwd()): Promise<void> {
  const path = join(cwd, '.env');
  if (!existsSync(path)) return;
  const dotenv = await import('dotenv');
  dotenv.config({ path, quiet: true });
}
