/**
 * `ccr start` runs the bundle bin/build.js makes, not src/: this builds the working tree the same
 * way, starts it as its own process over a real socket, and checks what the other tests check
 * through src/ still holds there — a streamed and a JSON answer in the SDK, count_tokens, and
 * /swagger, whose code is a lazily loaded chunk of the bundle.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { buildBundle, bundleEntry } from '../../bin/build.js';
import { chatCompletion, sseChunks, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const fixture = readFileSync(join(import.meta.dir, '../fixtures/openai/text.sse'), 'utf8');
let dir: string;
let upstream: FakeUpstream;
let ccr: Subprocess;
let base: string;

function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccr-bundle-'));
  const error = buildBundle(process.execPath, join(dir, 'dist'));
  if (error) throw new Error(`bundling failed: ${error}`);

  upstream = startFakeUpstream((request) =>
    request.body?.stream
      ? { chunks: sseChunks(fixture) }
      : { json: chatCompletion('From the bundle', { prompt: 3, completion: 3 }) },
  );
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'fake,m' } }));
  const port = freePort();
  base = `http://127.0.0.1:${port}`;
  ccr = Bun.spawn([process.execPath, bundleEntry(join(dir, 'dist')), 'start'], {
    // The usage database in the test's folder, never in the real home.
    env: { ...process.env, CONFIG_PATH: configPath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', CCR_DATA_DIR: dir },
    cwd: dir,
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    if (ccr.exitCode !== null) throw new Error(`the bundle exited with ${ccr.exitCode}: ${await new Response(ccr.stderr as ReadableStream).text()}`);
    if (Date.now() > deadline) throw new Error('the bundle did not answer /health within 10 s');
    await Bun.sleep(50);
  }
}, 30_000);

afterAll(() => {
  ccr?.kill();
  upstream?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the bundled server answers the SDK, streamed and not', async () => {
  const client = new Anthropic({ baseURL: base, apiKey: 'unused', maxRetries: 0 });
  const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
  expect(message.content).toEqual([{ type: 'text', text: 'From the bundle' } as Anthropic.ContentBlock]);

  const streamed = await client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
  const expected = JSON.parse(readFileSync(join(import.meta.dir, '../fixtures/openai/text.expected.json'), 'utf8')) as { type: string; delta?: { text?: string } }[];
  const text = expected.flatMap((event) => (event.type === 'content_block_delta' && event.delta?.text ? [event.delta.text] : [])).join('');
  expect(streamed.content).toEqual([{ type: 'text', text } as (typeof streamed.content)[number]]);
  expect(streamed.stop_reason).toBe('end_turn');
});

test('the bundled server counts tokens and serves /swagger from its lazily loaded chunk', async () => {
  const count = await fetch(`${base}/v1/messages/count_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hello world' }] }),
  });
  expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
  const docs = await fetch(`${base}/swagger/json`);
  expect(docs.status).toBe(200);
  expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/v1/messages');
  // The page's script is found from dist/ as from src/ (node_modules beside both).
  const script = await fetch(`${base}/swagger/assets/swagger-ui-bundle.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toContain('javascript');
  expect((await script.text()).length).toBeGreaterThan(100_000);
});
