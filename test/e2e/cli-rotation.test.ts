/**
 * `ccr rotation`: each key as the running router uses it, masked, with the state the resilience
 * rules put it in; exit 1 when nothing runs.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createSandbox, freePort, type CliSandbox } from '../support/ccr-cli';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

let ccr: CliSandbox;
let upstream: FakeUpstream;
let port: number;

beforeAll(async () => {
  // One key is rate limited for two minutes; the other answers.
  upstream = startFakeUpstream((seen) =>
    seen.headers.authorization?.includes('busy')
      ? { status: 429, headers: { 'retry-after': '120' }, json: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }
      : { json: chatCompletion('ok') },
  );
  port = freePort();
  ccr = createSandbox();
  ccr.writeConfig('config.json', {
    PORT: port,
    Providers: [{ name: 'pool', api_base_url: `${upstream.url}/v1/chat/completions`, api_keys: ['sk-busy-aaaa1111', 'sk-good-bbbb2222'], models: ['m'] }],
    Router: { default: 'pool,m' },
  });
  expect((await ccr.run(['start', '--daemon'])).code).toBe(0);
}, 30_000);

afterAll(async () => {
  await ccr?.run(['stop']);
  await ccr?.cleanup();
  upstream?.stop();
});

test('every key masked, the rate-limited one cooling with its time and reason, the other active; exit 1 once ccr is stopped', async () => {
  for (let i = 0; i < 2; i++) {
    const answered = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: `hello ${i}` }] }),
    });
    expect(answered.status).toBe(200);
    await answered.text();
  }
  const json = await ccr.run(['rotation', '--json']);
  expect(json.code).toBe(0);
  const [pool] = JSON.parse(json.out).servers[0].providers;
  expect(pool.rotation).toMatchObject({ enabled: true, strategy: 'round_robin' });
  const byKey = Object.fromEntries(pool.keys.map((key: { key: string }) => [key.key, key]));
  expect(Object.keys(byKey).sort()).toEqual(['sk-b…1111', 'sk-g…2222']);
  expect(byKey['sk-b…1111']).toMatchObject({ state: 'cooling', coolingUntil: expect.any(String), lastError: { message: expect.stringContaining('Rate limit reached') } });
  expect(byKey['sk-g…2222']).toMatchObject({ state: 'active', requests: 2 });
  expect(json.out).not.toContain('sk-busy-aaaa1111');

  const text = await ccr.run(['rotation']);
  expect(text.out).toMatch(/sk-b…1111\s+cooling/);
  expect(text.out).toContain('cooling until');

  await ccr.run(['stop']);
  const down = await ccr.run(['rotation']);
  expect(down.code).toBe(1);
  expect(down.out).toContain('ccr is not running');
}, 30_000);
