/** Over a real socket: a client that disconnects mid-stream aborts the upstream request too. */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startServer } from '../../src/server';
import { buildTestApp } from '../support/ccr-app';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

let upstream: FakeUpstream;
let base: string;
let stopApp: () => void;
let usage: Awaited<ReturnType<typeof buildTestApp>>['usage'];

beforeAll(async () => {
  upstream = startFakeUpstream(() => ({
    chunks: [`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'first' }, finish_reason: null }] })}\n\n`],
    hangAfterChunks: true,
  }));
  const ccr = await buildTestApp({ Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'fake,m' } });
  usage = ccr.usage;
  const server = startServer(ccr.app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024 });
  base = `http://127.0.0.1:${server.port}`;
  stopApp = () => server.stop(true);
});
afterAll(() => {
  stopApp();
  upstream.stop();
});

test('client disconnect mid-stream aborts the upstream request', async () => {
  const controller = new AbortController();
  const response = await fetch(`${base}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toContain('message_start');
  controller.abort();
  const aborted = await Promise.race([upstream.requests[0].aborted.then(() => true), Bun.sleep(3000).then(() => false)]);
  expect(aborted).toBe(true);
  // Recorded as a stream the client left, with the first byte it got.
  usage.recorder.flush();
  expect(usage.db.query('SELECT status, outcome, streamed, ttft_ms IS NOT NULL AS ttft FROM requests').all()).toEqual([{ status: 200, outcome: 'aborted', streamed: 1, ttft: 1 }]);
});

test('client disconnect before the upstream answered aborts the upstream request too', async () => {
  const slow = startFakeUpstream(() => ({ chunks: [], delayMs: 10_000 }));
  const ccr = await buildTestApp({ Providers: [{ name: 'slow', api_base_url: `${slow.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'slow,m' } });
  const server = startServer(ccr.app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024 });
  try {
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${server.port}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    while (slow.requests.length === 0) await Bun.sleep(5);
    controller.abort();
    await pending;
    const aborted = await Promise.race([slow.requests[0].aborted.then(() => true), Bun.sleep(3000).then(() => false)]);
    expect(aborted).toBe(true);
    // The failure reaches the recorder once dispatch gives up on the call: wait for it, not for a time.
    const recorded = () => (ccr.usage.recorder.flush(), ccr.usage.db.query('SELECT status, outcome, provider FROM requests').all());
    while (recorded().length === 0) await Bun.sleep(5);
    expect(recorded()).toEqual([{ status: 499, outcome: 'aborted', provider: 'slow' }]);
  } finally {
    server.stop(true);
    slow.stop();
  }
});
