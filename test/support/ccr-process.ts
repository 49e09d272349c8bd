/** ccr as a process of its own (src/index.ts), for what only a real process shows: signals, environment read at startup. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';

export interface CcrProcess {
  port: number;
  /** Its HOME, a temporary folder removed with the process. */
  home: string;
  child: Subprocess<'ignore', 'pipe', 'pipe'>;
}

/**
 * Starts ccr on a free port of 127.0.0.1 with `env` added to this process's, and resolves once
 * /health answers. Its data folder (the usage database) is a fresh temporary one unless `env`
 * names one (`CCR_DATA_DIR`).
 */
export async function startCcrProcess(env: Record<string, string>, options: { noConfig?: boolean } = {}): Promise<CcrProcess> {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  const dataDir = temporaryDataDir();
  const child = Bun.spawn([process.execPath, join(import.meta.dir, '../../src/index.ts')], {
    // HOME too is the temporary folder: nothing reaches the real home, and a first run has somewhere to wait for its config.
    env: { ...withoutConfigPath(process.env, options.noConfig), PORT: String(port), HOST: '127.0.0.1', HOME: dataDir, CCR_DATA_DIR: dataDir, ...env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  // Removed with the process, whichever way it ends.
  void child.exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  const deadline = Date.now() + 10_000;
  while (!(await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`ccr did not start: ${await new Response(child.stderr).text()}`);
    }
    await Bun.sleep(20);
  }
  return { port, child, home: dataDir };
}

/** A fresh data folder; the caller removes it (`rmSync(dir, { recursive: true, force: true })`). */
export function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'ccr-data-'));
}

/** The environment without a config path, for a process that must start with none. */
function withoutConfigPath(env: Record<string, string | undefined>, drop = false): Record<string, string | undefined> {
  if (!drop) return env;
  const { CONFIG_PATH: _path, CCR_CONFIG_PATH: _ccrPath, ...rest } = env;
  return rest;
}
