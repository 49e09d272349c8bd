/**
 * No failed request while a healthy route exists: key pools, cool-downs, refused keys, retries,
 * failover, blacklists and session pins, through the app against fake providers that fail on
 * command. Time is an injected clock; no test sleeps.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { buildTestApp, post } from '../support/ccr-app';
import { chatCompletion, sseChunks, startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream';

/** What a fake provider does for each key; anything not scripted answers "ok". */
type Script = (key: string, request: RecordedRequest) => FakeReply | undefined;

interface Provider {
  upstream: FakeUpstream;
  script: Script;
  /** The key each request came with, in order. */
  keys(): string[];
}

const providers: Provider[] = [];
function fakeProvider(script: Script = () => undefined): Provider {
  const provider: Provider = {
    script,
    upstream: startFakeUpstream((request) => provider.script(keyOf(request), request) ?? { json: chatCompletion('ok', { prompt: 3, completion: 1 }) }),
    keys: () => provider.upstream.requests.map(keyOf),
  };
  providers.push(provider);
  return provider;
}
const keyOf = (request: RecordedRequest) => (request.headers.authorization ?? '').replace(/^Bearer /, '');
afterAll(() => providers.forEach((provider) => provider.upstream.stop()));

const rateLimited = (headers: Record<string, string> = {}): FakeReply => ({ status: 429, headers, json: { error: { message: 'Rate limit reached' } } });
const serverError: FakeReply = { status: 500, json: { error: { message: 'internal error' } } };
const unauthorized: FakeReply = { status: 401, json: { error: { message: 'Incorrect API key provided' } } };

const body = { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
const turn = (session?: string, extra: Record<string, unknown> = {}) =>
  post('/v1/messages', { ...body, ...extra }, session ? { 'x-claude-code-session-id': session } : {});

function providerConfig(name: string, provider: Provider, keys: unknown[], extra: Record<string, unknown> = {}) {
  return { name, api_base_url: `${provider.upstream.url}/v1/chat/completions`, api_keys: keys, models: ['m'], ...extra };
}

async function app(config: Record<string, unknown>) {
  let now = Date.parse('2026-12-07T10:00:00Z');
  const sleeps: number[] = [];
  const ccr = await buildTestApp(config, { clock: () => now, sleep: async (ms) => void sleeps.push(ms) });
  const status = async () => (await ccr.handle(new Request('http://ccr.test/api/status'))).json() as Promise<any>;
  return { ...ccr, status, sleeps, advance: (ms: number) => (now += ms) };
}

describe('keys', () => {
  test('round robin: each request the next key', async () => {
    const provider = fakeProvider();
    const ccr = await app({ Providers: [providerConfig('p', provider, ['k1', 'k2', 'k3'], { session_affinity: false })], Router: { default: 'p,m' } });
    for (let i = 0; i < 4; i++) expect((await ccr.handle(turn())).status).toBe(200);
    expect(provider.keys()).toEqual(['k1', 'k2', 'k3', 'k1']);
  });

  test("a 429 with retry-after: the request moves to the next key; the first rests that long, then comes back by itself", async () => {
    const provider = fakeProvider((key) => (key === 'k1' && (provider.upstream.requests.length <= 1) ? rateLimited({ 'retry-after': '30' }) : undefined));
    const ccr = await app({ Providers: [providerConfig('p', provider, ['k1', 'k2'], { session_affinity: false, enable_rotation: false })], Router: { default: 'p,m' } });
    expect((await ccr.handle(turn())).status).toBe(200);
    expect(provider.keys()).toEqual(['k1', 'k2']);
    expect((await ccr.status()).providers[0].keys[0]).toMatchObject({ state: 'cooling', coolingUntil: '2026-12-07T10:00:30.000Z' });
    await ccr.handle(turn());
    expect(provider.keys().at(-1)).toBe('k2');
    ccr.advance(30_000);
    await ccr.handle(turn());
    expect(provider.keys().at(-1)).toBe('k1');
  });

  test('a 429 saying nothing about the key: one other key, then the next target; the keys do not rest', async () => {
    const limited = fakeProvider(() => rateLimited());
    const other = fakeProvider();
    const ccr = await app({
      Providers: [providerConfig('limited', limited, ['k1', 'k2', 'k3']), providerConfig('other', other, ['o1'])],
      Router: { default: 'limited,m' },
      fallback: { default: ['other,m'] },
    });
    expect((await ccr.handle(turn())).status).toBe(200);
    expect(limited.keys()).toHaveLength(2);
    expect(other.keys()).toEqual(['o1']);
    expect((await ccr.status()).providers[0].keys.map((key: { state: string }) => key.state)).toEqual(['active', 'active', 'active']);
  });

  test("with nowhere else to go, the client gets the provider's 429 and its retry-after", async () => {
    const limited = fakeProvider(() => rateLimited({ 'retry-after': '7' }));
    const ccr = await app({ Providers: [providerConfig('limited', limited, ['k1'])], Router: { default: 'limited,m' } });
    const response = await ccr.handle(turn());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ error: { type: 'rate_limit_error', message: 'Provider "limited" answered 429: Rate limit reached' } });
  });

  test('every key resting: a 429 saying when the first is back, without calling the provider', async () => {
    const limited = fakeProvider(() => rateLimited({ 'retry-after': '20' }));
    const ccr = await app({ Providers: [providerConfig('limited', limited, ['k1', 'k2'])], Router: { default: 'limited,m' } });
    await ccr.handle(turn());
    const calls = limited.keys().length;
    ccr.advance(5_000);
    const response = await ccr.handle(turn());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('15');
    expect(limited.keys()).toHaveLength(calls);
  });

  test('a 401 key is disabled and never used again; the request and every later one go to the next key', async () => {
    const provider = fakeProvider((key) => (key === 'bad' ? unauthorized : undefined));
    const ccr = await app({ Providers: [providerConfig('p', provider, ['bad', 'good'], { session_affinity: false })], Router: { default: 'p,m' } });
    for (let i = 0; i < 5; i++) expect((await ccr.handle(turn())).status).toBe(200);
    ccr.advance(24 * 3600_000);
    for (let i = 0; i < 5; i++) expect((await ccr.handle(turn())).status).toBe(200);
    expect(provider.keys().filter((key) => key === 'bad')).toHaveLength(1);
    expect((await ccr.status()).providers[0].keys[0]).toMatchObject({ state: 'disabled', disabledReason: 'provider answered 401: Incorrect API key provided' });
  });

  test('maxFailures 5xx in a row: the key rests for its cooldownTime; a success resets the count', async () => {
    let failing = true;
    const provider = fakeProvider((key) => (key === 'k1' && failing ? serverError : undefined));
    const ccr = await app({
      Providers: [providerConfig('p', provider, [{ key: 'k1', maxFailures: 2, cooldownTime: 10_000 }, 'k2'], { enable_rotation: false, session_affinity: false })],
      Router: { default: 'p,m' },
    });
    await ccr.handle(turn());
    expect((await ccr.status()).providers[0].keys[0]).toMatchObject({ state: 'active', failures: 1 });
    await ccr.handle(turn());
    expect((await ccr.status()).providers[0].keys[0]).toMatchObject({ state: 'cooling', coolingUntil: '2026-12-07T10:00:10.000Z' });
    await ccr.handle(turn());
    expect(provider.keys().slice(-1)).toEqual(['k2']);
    ccr.advance(10_000);
    failing = false;
    await ccr.handle(turn());
    expect(provider.keys().at(-1)).toBe('k1');
    expect((await ccr.status()).providers[0].keys[0]).toMatchObject({ state: 'active', failures: 0, successes: 1 });
  });

  test('the last target, one key, a 500: the same key again after a backoff; retry_on_failure false does not', async () => {
    let calls = 0;
    const provider = fakeProvider(() => (++calls === 1 ? serverError : undefined));
    const ccr = await app({ Providers: [providerConfig('p', provider, ['k1'])], Router: { default: 'p,m' } });
    expect((await ccr.handle(turn())).status).toBe(200);
    expect(ccr.sleeps).toHaveLength(1);

    calls = 0;
    const once = await app({ Providers: [providerConfig('p', provider, ['k1'], { retry_on_failure: false })], Router: { default: 'p,m' } });
    expect((await once.handle(turn())).status).toBe(500);
  });
});

describe('failover', () => {
  test("an unreachable provider hands over to the route's next provider, then to the fallback list", async () => {
    const ok = fakeProvider();
    const ccr = await app({
      Providers: [
        { name: 'gone', api_base_url: 'http://127.0.0.1:1/v1/chat/completions', api_key: 'g', models: ['m'] },
        providerConfig('broken', fakeProvider(() => serverError), ['b']),
        providerConfig('ok', ok, ['o']),
      ],
      Router: { default: { providers: [{ provider: 'gone', model: 'm' }, { provider: 'broken', model: 'm' }], loadBalancing: { strategy: 'round_robin' }, fallback: ['ok,m'] } },
    });
    const response = await ccr.handle(turn());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ccr-route')).toBe('default; ok,m');
  });

  test('a provider silent past API_TIMEOUT_MS hands over to the next target', async () => {
    const ccr = await app({
      Providers: [providerConfig('slow', fakeProvider(() => ({ delayMs: 5_000, json: {} })), ['s']), providerConfig('ok', fakeProvider(), ['o'])],
      Router: { default: 'slow,m' },
      fallback: { default: ['ok,m'] },
      API_TIMEOUT_MS: 50,
    });
    const response = await ccr.handle(turn());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ccr-route')).toBe('default; ok,m');
  });

  test('no retry once the client has a byte: a stream cut midway ends with an error event, and the provider was called once', async () => {
    const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const cutting = fakeProvider(() => ({ chunks: sseChunks(chunk('Hel')), hangAfterChunks: true }));
    const spare = fakeProvider();
    const ccr = await app({
      Providers: [providerConfig('cutting', cutting, ['c']), providerConfig('spare', spare, ['s'])],
      Router: { default: 'cutting,m' },
      fallback: { default: ['spare,m'] },
      API_TIMEOUT_MS: 50,
    });
    const response = await ccr.handle(turn(undefined, { stream: true }));
    const text = await response.text();
    expect(text).toContain('"text":"Hel"');
    expect(text).toContain('event: error');
    expect(cutting.keys()).toHaveLength(1);
    expect(spare.keys()).toHaveLength(0);
  });

  test('an error at the start of a 200 stream is a failure before the first byte: the next target answers', async () => {
    const erroring = fakeProvider(() => ({ chunks: [`data: ${JSON.stringify({ error: { message: 'Upstream overloaded', code: 502 } })}\n\n`] }));
    const ccr = await app({
      Providers: [providerConfig('erroring', erroring, ['e']), providerConfig('ok', fakeProvider(), ['o'])],
      Router: { default: 'erroring,m' },
      fallback: { default: ['ok,m'] },
    });
    const response = await ccr.handle(turn(undefined, { stream: true }));
    expect(response.headers.get('x-ccr-route')).toBe('default; ok,m');
    expect(await response.text()).toContain('message_stop');
  });

  test('a 400 the request caused is returned at once, no other target tried', async () => {
    const spare = fakeProvider();
    const ccr = await app({
      Providers: [providerConfig('strict', fakeProvider(() => ({ status: 400, json: { error: { message: 'Invalid value for tool_choice' } } })), ['k']), providerConfig('spare', spare, ['s'])],
      Router: { default: 'strict,m' },
      fallback: { default: ['spare,m'] },
    });
    expect((await ccr.handle(turn())).status).toBe(400);
    expect(spare.keys()).toHaveLength(0);
  });

  test("a prompt over the model's window falls over to the longContext route", async () => {
    const big = fakeProvider();
    const small = fakeProvider(() => ({ status: 400, json: { error: { message: "This model's maximum context length is 8192 tokens" } } }));
    const ccr = await app({
      Providers: [providerConfig('small', small, ['s']), providerConfig('big', big, ['b'])],
      Router: { default: 'small,m', longContext: 'big,m', longContextThreshold: 1_000_000 },
    });
    const response = await ccr.handle(turn());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ccr-route')).toBe('default; big,m');
  });

  test('100 requests through two providers of which one always fails: 100 successes', async () => {
    const down = fakeProvider(() => serverError);
    const up = fakeProvider();
    const ccr = await app({
      Providers: [providerConfig('down', down, ['d']), providerConfig('up', up, ['u'])],
      Router: { default: { providers: [{ provider: 'down', model: 'm' }, { provider: 'up', model: 'm' }], loadBalancing: { strategy: 'round_robin' } } },
    });
    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push((await ccr.handle(turn())).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(100);
    expect(up.keys()).toHaveLength(100);
  });

  test('retry deadline: no new attempt starts past RETRY_DEADLINE_MS', async () => {
    const slow = fakeProvider(() => ({ delayMs: 80, ...serverError }));
    const spare = fakeProvider();
    let now = 0;
    const ccr = await buildTestApp(
      { Providers: [providerConfig('slow', slow, ['k']), providerConfig('spare', spare, ['s'])], Router: { default: 'slow,m' }, fallback: { default: ['spare,m'] }, RETRY_DEADLINE_MS: 1000 },
      { clock: () => (now += 600) },
    );
    expect((await ccr.handle(turn())).status).toBe(500);
    expect(spare.keys()).toHaveLength(0);
  });
});

describe('providers', () => {
  test('health_based: a provider blacklisted after a 429 (failover.triggers) is skipped for blacklistDuration, then probed again', async () => {
    let limiting = true;
    const primary = fakeProvider(() => (limiting ? rateLimited() : undefined));
    const secondary = fakeProvider();
    const ccr = await app({
      Providers: [providerConfig('primary', primary, ['p']), providerConfig('secondary', secondary, ['s'])],
      Router: { default: { providers: [{ provider: 'primary', model: 'm', weight: 10 }, { provider: 'secondary', model: 'm', weight: 1 }], loadBalancing: { strategy: 'health_based' } } },
      failover: { triggers: [{ type: 'http_status', codes: [429], blacklistDuration: 300 }] },
    });
    expect((await ccr.handle(turn())).headers.get('x-ccr-route')).toBe('default; secondary,m');
    expect((await ccr.status()).providers[0]).toMatchObject({ name: 'primary', state: 'blacklisted', blacklistedUntil: '2026-12-07T10:05:00.000Z' });
    const calls = primary.keys().length;
    await ccr.handle(turn());
    expect(primary.keys()).toHaveLength(calls);
    ccr.advance(300_000);
    limiting = false;
    expect((await ccr.handle(turn())).headers.get('x-ccr-route')).toBe('default; primary,m');
  });

  test('a provider turned off over the API is skipped; turned back on, it serves again', async () => {
    const primary = fakeProvider();
    const ccr = await app({
      Providers: [providerConfig('primary', primary, ['p']), providerConfig('secondary', fakeProvider(), ['s'])],
      Router: { default: 'primary,m' },
      fallback: { default: ['secondary,m'] },
    });
    await ccr.handle(post('/api/providers/primary/disable', ''));
    expect((await ccr.handle(turn())).headers.get('x-ccr-route')).toBe('default; secondary,m');
    await ccr.handle(post('/api/providers/primary/models/m/disable', ''));
    await ccr.handle(post('/api/providers/primary/enable', ''));
    expect((await ccr.handle(turn())).headers.get('x-ccr-route')).toBe('default; secondary,m');
    await ccr.handle(post('/api/providers/primary/models/m/enable', ''));
    expect((await ccr.handle(turn())).headers.get('x-ccr-route')).toBe('default; primary,m');
  });

  test('every target turned off: a 503 that says so', async () => {
    const ccr = await app({ Providers: [providerConfig('only', fakeProvider(), ['k'])], Router: { default: 'only,m' } });
    await ccr.handle(post('/api/providers/only/disable', ''));
    const response = await ccr.handle(turn());
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('turned off') } });
  });
});

describe('session affinity', () => {
  test("a session's turns hit one key, while two sessions spread over two keys", async () => {
    const provider = fakeProvider();
    const ccr = await app({ Providers: [providerConfig('p', provider, ['k1', 'k2'])], Router: { default: 'p,m' } });
    for (let i = 0; i < 3; i++) {
      await ccr.handle(turn('session-a'));
      await ccr.handle(turn('session-b'));
    }
    const keys = provider.keys();
    const a = keys.filter((_, i) => i % 2 === 0);
    const b = keys.filter((_, i) => i % 2 === 1);
    expect(new Set(a).size).toBe(1);
    expect(new Set(b).size).toBe(1);
    expect(a[0]).not.toBe(b[0]);
    expect((await ccr.status()).providers[0].keys.map((key: { sessions: number }) => key.sessions)).toEqual([1, 1]);
  });

  test('the session also keeps the target a weighted route first gave it', async () => {
    const first = fakeProvider();
    const second = fakeProvider();
    let draw = 0.99;
    const ccr = await buildTestApp(
      {
        Providers: [providerConfig('first', first, ['f']), providerConfig('second', second, ['s'])],
        Router: { default: { providers: [{ provider: 'first', model: 'm' }, { provider: 'second', model: 'm' }], loadBalancing: { strategy: 'weighted' } } },
      },
      {},
    );
    ccr.deps.random = () => draw;
    await ccr.handle(turn('s1'));
    draw = 0;
    for (let i = 0; i < 3; i++) await ccr.handle(turn('s1'));
    expect(second.keys()).toHaveLength(4);
    expect(first.keys()).toHaveLength(0);
  });

  test('a pinned key that starts failing gives the session a new one', async () => {
    let broken = '';
    const provider = fakeProvider((key) => (key === broken ? unauthorized : undefined));
    const ccr = await app({ Providers: [providerConfig('p', provider, ['k1', 'k2'])], Router: { default: 'p,m' } });
    await ccr.handle(turn('s'));
    broken = provider.keys()[0];
    await ccr.handle(turn('s'));
    await ccr.handle(turn('s'));
    expect(provider.keys().slice(-2)).toEqual([broken === 'k1' ? 'k2' : 'k1', broken === 'k1' ? 'k2' : 'k1']);
  });

  test('session_affinity false: rotation per request', async () => {
    const provider = fakeProvider();
    const ccr = await app({ Providers: [providerConfig('p', provider, ['k1', 'k2'], { session_affinity: false })], Router: { default: 'p,m' } });
    for (let i = 0; i < 4; i++) await ccr.handle(turn('same'));
    expect(provider.keys()).toEqual(['k1', 'k2', 'k1', 'k2']);
  });
});

describe('a config reload', () => {
  test('keeps the counters of keys that still exist and gives a refused key another chance', async () => {
    const provider = fakeProvider((key) => (key === 'bad' ? unauthorized : undefined));
    const config = { Providers: [providerConfig('p', provider, ['bad', 'good'], { session_affinity: false })], Router: { default: 'p,m' } };
    const ccr = await app(config);
    await ccr.handle(turn());
    await ccr.handle(turn());
    const before = (await ccr.status()).providers[0].keys;
    expect(before[0].state).toBe('disabled');
    const response = await ccr.handle(post('/api/config', { ...config, LOG_LEVEL: 'warn' }));
    expect(response.status).toBe(200);
    const after = (await ccr.status()).providers[0].keys;
    expect(after[0].state).toBe('active');
    expect(after[1].requests).toBe(before[1].requests);
  });
});

describe('proxies from the environment', () => {
  let proxy: FakeUpstream;
  beforeAll(() => {
    proxy = startFakeUpstream(() => ({ json: chatCompletion('via proxy') }));
  });
  afterAll(() => proxy.stop());

  test('HTTP_PROXY carries upstream calls; NO_PROXY exempts a host', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    try {
      process.env.HTTP_PROXY = proxy.url;
      delete process.env.NO_PROXY;
      const ccr = await app({ Providers: [{ name: 'p', api_base_url: 'http://provider.test/v1/chat/completions', api_key: 'k' }], Router: { default: 'p,m' } });
      const answer = (await (await ccr.handle(turn())).json()) as { content: Array<{ text: string }> };
      expect(answer.content[0].text).toBe('via proxy');
      expect(proxy.requests.at(-1)!.headers.host).toBe('provider.test');

      const direct = fakeProvider();
      process.env.NO_PROXY = 'localhost';
      const local = await app({ Providers: [{ name: 'l', api_base_url: direct.upstream.url.replace('127.0.0.1', 'localhost') + '/v1/chat/completions', api_key: 'k' }], Router: { default: 'l,m' } });
      expect((await local.handle(turn())).status).toBe(200);
      expect(direct.keys()).toHaveLength(1);
    } finally {
      for (const [name, value] of Object.entries(saved)) value === undefined ? delete process.env[name] : (process.env[name] = value);
    }
  });
});
