#!/usr/bin/env node
// The `ccr` command. It runs under Node so that a machine with only Node.js and npm can use it:
// it starts the real CLI under Bun (installed from npm as a dependency), with
// BUN_CONFIG_MAX_HTTP_REQUESTS set before Bun starts — setting it from inside is too late, and
// without it Bun's fetch holds at most 256 upstream requests at once. It runs the bundle in dist/
// (bin/build.js), rebuilt first whenever a source is newer; CCR_FROM_SOURCE=1 runs src/ as is.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, bundleEntry, isBundleFresh } from './build.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function findBun() {
  try {
    const pkg = createRequire(import.meta.url).resolve('bun/package.json');
    // The npm package names its binary bun.exe on every platform.
    const local = join(dirname(pkg), 'bin', 'bun.exe');
    if (existsSync(local)) return local;
  } catch {
    // Not installed locally: fall back to a bun on PATH.
  }
  return 'bun';
}

/** The bundle, built first if a source is newer; the sources themselves if building fails. */
function cliScript(bun) {
  const source = join(root, 'src', 'cli', 'main.ts');
  if (process.env.CCR_FROM_SOURCE === '1') return source;
  if (isBundleFresh()) return bundleEntry();
  const error = buildBundle(bun);
  if (!error) return bundleEntry();
  console.error(`ccr: could not build dist/, running from src/ instead:\n${error}`);
  return source;
}

const bun = findBun();
const env = {
  ...process.env,
  BUN_CONFIG_MAX_HTTP_REQUESTS: process.env.BUN_CONFIG_MAX_HTTP_REQUESTS || '4096',
  // How to run this command again, for `ccr service install` to write into the login service.
  CCR_NODE: process.execPath,
  CCR_BIN: fileURLToPath(import.meta.url),
};
const child = spawn(bun, [cliScript(bun), ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C reaches Bun itself (same terminal, same process group): passing it on as well would be a
// second SIGINT, which ccr takes as "stop now" and kills its servers without letting them finish.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`ccr: could not run Bun (${error.message}). Run \`npm install\` in ${root} first.`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)));
