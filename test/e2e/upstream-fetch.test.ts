/**
 * Every provider is called with Bun's fetch: connections kept alive between calls, TLS checked
 * against the system's roots plus NODE_EXTRA_CA_CERTS. (The client's abort and API_TIMEOUT_MS are
 * tested in client-abort.test.ts and errors.test.ts.)
 */
import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '../../bench/tls';
import { buildTestApp, post } from '../support/ccr-app';
import { startCcrProcess } from '../support/ccr-process';
import { chatCompletion, sseChunks, startFakeUpstream } from '../support/fake-upstream';

// TLS to providers is tested, never skipped: .ci/run installs openssl where it is missing.
const certificate = createSelfSignedCertificate();
if (!certificate) throw new Error('openssl is needed to test TLS to providers (apt-get install openssl)');
const dir = mkdtempSync(join(tmpdir(), 'ccr-upstream-fetch-'));
afterAll(() => {
  certificate?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const request = { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
const configFor = (url: string) => ({ Providers: [{ name: 'p', api_base_url: `${url}/v1/chat/completions`, api_key: 'k', models: ['m'] }], Router: { default: 'p,m' } });
const streamed = sseChunks(
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'over tls' }, finish_reason: null }] })}\n\n` +
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
);

test('calls one after another reuse one kept-alive connection to the provider', async () => {
  const upstream = startFakeUpstream(() => ({ json: chatCompletion('hello') }));
  try {
    const { handle } = await buildTestApp(configFor(upstream.url));
    for (let i = 0; i < 3; i++) {
      const response = await handle(post('/v1/messages', request));
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    expect(upstream.requests.length).toBe(3);
    expect(new Set(upstream.requests.map((seen) => seen.clientPort)).size).toBe(1);
  } finally {
    upstream.stop();
  }
});

test('an https provider whose certificate nobody trusts is a 502 naming the provider', async () => {
  const upstream = startFakeUpstream(() => ({ json: chatCompletion('hello') }), { tls: certificate });
  try {
    const { handle } = await buildTestApp(configFor(upstream.url));
    const response = await handle(post('/v1/messages', request));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ type: 'error', error: { message: expect.stringContaining('Provider "p" is unreachable') } });
    expect(upstream.requests.length).toBe(0);
  } finally {
    upstream.stop();
  }
});

test('an https provider trusted through NODE_EXTRA_CA_CERTS answers over TLS, streamed and not', async () => {
  const upstream = startFakeUpstream((seen) => (seen.body.stream ? { chunks: streamed } : { json: chatCompletion('over tls') }), { tls: certificate });
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(configFor(upstream.url)));
  const { port, child } = await startCcrProcess({ CONFIG_PATH: configPath, LOG_LEVEL: 'silent', NODE_EXTRA_CA_CERTS: certificate.certPath });
  try {
    const call = (stream: boolean) =>
      fetch(`http://127.0.0.1:${port}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...request, stream }) });
    const message = await call(false);
    expect(message.status).toBe(200);
    expect(await message.json()).toMatchObject({ content: [{ type: 'text', text: 'over tls' }] });
    const events = await (await call(true)).text();
    expect(events).toContain('"text":"over tls"');
    expect(events).toContain('event: message_stop');
    expect(upstream.requests.length).toBe(2);
  } finally {
    child.kill('SIGKILL');
    upstream.stop();
  }
});
