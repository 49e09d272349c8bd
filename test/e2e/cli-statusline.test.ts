/**
 * `ccr statusline` as Claude Code runs it: its session as JSON on stdin, one line out, against a
 * router started by `ccr start --daemon` that has served the session.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createSandbox, freePort, type CliSandbox } from '../support/ccr-cli';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const KEY = 'statusline-key-1234';
let ccr: CliSandbox;
let upstream: FakeUpstream;
let port: number;

beforeAll(async () => {
  upstream = startFakeUpstream(() => ({ json: chatCompletion('hi', { prompt: 1500, completion: 42 }) }));
  port = freePort();
  ccr = createSandbox();
  ccr.writeConfig('config.json', {
    PORT: port,
    APIKEY: KEY,
    Providers: [{ name: 'cheap', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'sk-x', models: ['m'] }],
    Router: { default: 'cheap,m' },
    pricing: { m: { input: 1, output: 2 } },
  });
  const started = await ccr.run(['start', '--daemon']);
  expect(started.code).toBe(0);
}, 30_000);

afterAll(async () => {
  await ccr?.run(['stop']);
  await ccr?.cleanup();
  upstream?.stop();
});

const statusLine = (session: string) => ccr.run(['statusline'], { stdin: JSON.stringify({ session_id: session, model: { id: 'claude-sonnet-4-6', display_name: 'Sonnet' }, workspace: { current_dir: ccr.cwd } }) });

test("a session the router served: its provider, tokens and cost; one that it has not: says so", async () => {
  const sent = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'x-claude-code-session-id': 'cc-session-1' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] }),
  });
  expect(sent.status).toBe(200);
  await sent.text();
  const served = await statusLine('cc-session-1');
  expect(served.code).toBe(0);
  expect(served.out.trim()).toBe('ccr · cheap · ↑ 1.5k ↓ 42 · $0.0016');
  const unknown = await statusLine('never-seen');
  expect(unknown.out.trim()).toBe('ccr · no request yet');
}, 30_000);

test('the router stopped: one line saying so, exit 0', async () => {
  await ccr.run(['stop']);
  const down = await statusLine('cc-session-1');
  expect(down.code).toBe(0);
  expect(down.out.trim()).toBe('ccr · not running (ccr start)');
}, 30_000);
