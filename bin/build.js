// Bundles ccr (src/cli/main.ts and everything it imports, the server included) into dist/ with
// `bun build --target bun --splitting`, and tells whether that bundle is older than the sources.
// The bundle is what `ccr start` runs: one file instead of some 400 modules holds about 2 MB less
// resident memory and starts faster. Runs under Node (the launcher) and under Bun (the bench and
// tests). `node bin/build.js` builds dist/ when it is stale.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const distDir = join(root, 'dist');
export const bundleEntry = (dir = distDir) => join(dir, 'main.js');

// Loaded on first use at run time, from node_modules: bundled they would be parsed at startup
// (the tokenizer's rank table alone is 1 MB of source).
const EXTERNAL = ['js-tiktoken', 'jsonrepair'];

/** The newest modification time among the sources, package.json and the lock file. */
export function newestSourceTime() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (!path.endsWith('.test.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  visit(join(root, 'src'));
  visit(join(root, 'package.json'));
  // A dependency update rewrites the lock file. (Not node_modules' own files: a global install
  // writes them at install time, and a bundle packed with the package must stay fresh there.)
  visit(join(root, 'package-lock.json'));
  return newest;
}

export function isBundleFresh() {
  const stat = statSync(bundleEntry(), { throwIfNoEntry: false });
  return stat !== undefined && stat.mtimeMs >= newestSourceTime();
}

/**
 * Builds into `outdir`. Returns undefined on success, else Bun's error output. Into dist/ (the
 * default), the files land through a fresh directory and are renamed in one by one, main.js
 * last: a ccr still running from the previous bundle keeps its lazily loaded chunks (their names
 * carry a content hash), and no reader ever sees a half-written main.js.
 */
export function buildBundle(bun, outdir = distDir) {
  const staging = outdir === distDir ? mkdtempSync(join(root, '.dist-')) : outdir;
  const args = ['build', join(root, 'src', 'cli', 'main.ts'), '--target', 'bun', '--splitting', '--outdir', staging];
  for (const name of EXTERNAL) args.push('--external', name);
  const result = spawnSync(bun, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    if (staging !== outdir) rmSync(staging, { recursive: true, force: true });
    return (result.stderr || result.stdout || result.error?.message || 'bun build failed').trim();
  }
  if (staging !== outdir) {
    mkdirSync(outdir, { recursive: true });
    const files = readdirSync(staging).sort((a, b) => Number(a === 'main.js') - Number(b === 'main.js'));
    for (const name of files) renameSync(join(staging, name), join(outdir, name));
    rmSync(staging, { recursive: true, force: true });
  }
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bun = process.argv[2] ?? 'bun';
  if (isBundleFresh()) console.log('dist/ is up to date');
  else {
    const error = buildBundle(bun);
    if (error) {
      console.error(error);
      process.exit(1);
    }
    console.log('built dist/');
  }
}
