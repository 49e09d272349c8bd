/**
 * The image's command as the image runs it (Dockerfile), without a Docker daemon: the bundle in a
 * folder its user cannot write (/app), as a non-root user (uid 65534 when the tests run as root),
 * HOME holding the config volume, settings from the environment, HOST=0.0.0.0 as the image sets it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { buildBundle, bundleEntry, root } from '../../bin/build.js';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
let app: string;
let upstream: FakeUpstream;
const started: Subprocess[] = [];

beforeAll(() => {
  // /app: the bundle and the dependencies it loads at run time, read-only to the server's user.
  app = mkdtempSync(join(tmpdir(), 'ccr-image-'));
  const error = buildBundle(process.execPath, join(app, 'dist'));
  if (error) throw new Error(`bundling failed: ${error}`);
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'));
  writeFileSync(join(app, 'package.json'), '{"type":"module"}');
  chmodSync(app, 0o755);
  upstream = startFakeUpstream(() => ({ json: chatCompletion('from the container', { prompt: 3, completion: 2 }) }));
}, 30_000);
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  upstream.stop();
  rmSync(app, { recursive: true, force: true });
});

/** A HOME of the server's user with the config volume in it. */
function volume(config: Record<string, unknown>): string {
  const home = mkdtempSync(join(tmpdir(), 'ccr-home-'));
  mkdirSync(join(home, '.claude-code-router'));
  writeFileSync(join(home, '.claude-code-router', 'config.json'), JSON.stringify(config));
  if (asRoot) for (const path of [home, join(home, '.claude-code-router'), join(home, '.claude-code-router', 'config.json')]) chownSync(path, NOBODY, NOBODY);
  return home;
}

function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

/** `bun dist/main.js start` in /app as the image's CMD, with the image's environment and `env`. */
async function runImage(home: string, env: Record<string, string>) {
  const port = freePort();
  const command = [process.execPath, bundleEntry(join(app, 'dist')), 'start'];
  const child = Bun.spawn(asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...command] : command, {
    cwd: app,
    env: { PATH: process.env.PATH!, HOME: home, HOST: '0.0.0.0', PORT: String(port), BUN_CONFIG_MAX_HTTP_REQUESTS: '4096', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  started.push(child);
  const output: string[] = [];
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) output.push(new TextDecoder().decode(chunk));
  };
  void drain(child.stdout);
  void drain(child.stderr);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  let health: Response | undefined;
  while (Date.now() < deadline && child.exitCode === null) {
    health = await fetch(`${base}/health`).catch(() => undefined);
    if (health) break;
    await Bun.sleep(50);
  }
  if (!health) throw new Error(`the server did not answer: ${output.join('')}`);
  const text = () => output.join('');
  /** What the server has written so far, once it holds `expected` (lines reach stdout in batches). */
  const outputWith = async (expected: string) => {
    for (let i = 0; i < 100 && !text().includes(expected); i++) await Bun.sleep(20);
    return text();
  };
  return { base, health, output: text, outputWith, child };
}

describe('the image, run as it runs', () => {
  test('APIKEY from the environment: listening on 0.0.0.0, the key enforced, LOG: true writing into the volume', async () => {
    const home = volume({
      LOG: true,
      Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }],
      Router: { default: 'fake,m' },
    });
    const { base, health, output, outputWith, child } = await runImage(home, { APIKEY: 'from-env', CCR_DATA_DIR: join(home, '.claude-code-router') });
    expect(health.status).toBe(200);
    // The image's user, not root, when the tests can tell the difference.
    if (asRoot) expect(readFileSync(`/proc/${child.pid}/status`, 'utf8')).toMatch(/^Uid:\s+65534\b/m);
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
    expect((await post({})).status).toBe(401);
    const answered = await post({ 'x-api-key': 'from-env' });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { content: Array<{ text: string }> }).content[0].text).toBe('from the container');
    expect(await outputWith('ccr listening')).toContain('"address":"http://0.0.0.0:');
    // The log file is in the data folder of the volume, never /app.
    for (let i = 0; i < 50 && readdirSync(join(home, '.claude-code-router', 'logs'), { withFileTypes: true }).length === 0; i++) await Bun.sleep(20);
    expect(readdirSync(join(home, '.claude-code-router', 'logs')).some((name) => name.endsWith('.log'))).toBe(true);
    expect(readdirSync(app)).not.toContain('logs');
    expect(output()).not.toContain('    at ');
    child.kill('SIGTERM');
  }, 30_000);

  test('no key in a container: it says loudly why nobody can reach it, and /health does not report healthy', async () => {
    const home = volume({ Providers: [], Router: {} });
    const { health, outputWith, child } = await runImage(home, { container: 'docker', CCR_DATA_DIR: join(home, '.claude-code-router') });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unreachable', reason: expect.stringContaining('instead of 0.0.0.0') });
    expect(await outputWith('ccr is unreachable')).toContain('"level":50');
    child.kill('SIGTERM');
  }, 30_000);

  test('a log folder that cannot be written: one line saying so, and ccr keeps serving with logs on stdout', async () => {
    const home = volume({ LOG: true, Providers: [], Router: {} });
    const { health, output, outputWith, child } = await runImage(home, { APIKEY: 'k', LOG_DIR: '/proc/ccr-cannot-write-here', CCR_DATA_DIR: join(home, '.claude-code-router') });
    expect(health.status).toBe(200);
    const problems = (await outputWith('ccr listening')).split('\n').filter((line) => line.includes('log files are off'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('/proc/ccr-cannot-write-here');
    expect(output()).not.toContain('    at ');
    child.kill('SIGTERM');
  }, 30_000);
});
