/**
 * Which client calls a provider: ccr's HTTP/1.1 client for plain http (it says `ccr/<version>` as
 * its user agent), fetch for everything else or when CCR_UPSTREAM_CLIENT=fetch (Bun's user agent).
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, post } from '../support/ccr-app';
import { startCcrProcess } from '../support/ccr-process';
import { chatCompletion, startFakeUpstream } from '../support/fake-upstream';

const upstream = startFakeUpstream(() => ({ json: chatCompletion('hello') }));
const dir = mkdtempSync(join(tmpdir(), 'ccr-upstream-client-'));
afterAll(() => {
  upstream.stop();
  rmSync(dir, { recursive: true, force: true });
});

const config = { Providers: [{ name: 'local', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k', models: ['m'] }], Router: { default: 'local,m' } };
const request = { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };

test('a plain-http provider is called by ccr’s own HTTP/1.1 client', async () => {
  const { handle } = await buildTestApp(config);
  const response = await handle(post('/v1/messages', request));
  expect(response.status).toBe(200);
  expect(upstream.requests.at(-1)!.headers['user-agent']).toMatch(/^ccr\//);
});

test('CCR_UPSTREAM_CLIENT=fetch sends the same call through fetch', async () => {
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const { port, child } = await startCcrProcess({ CONFIG_PATH: configPath, LOG_LEVEL: 'silent', CCR_UPSTREAM_CLIENT: 'fetch' });
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)!.headers['user-agent']).toMatch(/^Bun\//);
  } finally {
    child.kill('SIGKILL');
  }
});
