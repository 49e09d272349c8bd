/** `/api/usage` through the app, behind APIKEY: the shapes API.md documents, its errors, and /swagger. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createApp } from '../../src/app';
import { buildTestApp, post } from '../support/ccr-app';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const KEY = { 'x-api-key': 'router-secret' };
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1, 12, 30); // half past noon UTC: requests arrive a few ms before the clock says

let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;
let clock = T0;

const get = async (path: string, headers: Record<string, string> = KEY) => {
  const response = await ccr.handle(new Request(`http://ccr.test${path}`, { headers }));
  return { status: response.status, body: (await response.json()) as any };
};

beforeAll(async () => {
  upstream = startFakeUpstream((request) => ({
    json: chatCompletion('ok', request.body.model === 'gpt-4o' ? { prompt: 1000, completion: 100 } : { prompt: 10, completion: 1 }),
  }));
  ccr = await buildTestApp(
    {
      APIKEY: 'router-secret',
      Providers: [
        { name: 'openai', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k', models: ['gpt-4o', 'gpt-4o-mini'] },
        { name: 'local', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k', models: ['qwen3'] },
      ],
      Router: { default: 'openai,gpt-4o' },
      pricing: { qwen3: { input: 0, output: 0 }, 'gpt-4o': { input: 2, output: 8 } },
    },
    { clock: () => clock },
  );
  const send = async (session: string, model?: string) => {
    const body = { model: model ?? 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
    expect((await ccr.handle(post('/v1/messages', body, { ...KEY, 'x-session-id': session }))).status).toBe(200);
  };
  // Day 1: session a twice (gpt-4o, local qwen3); day 2: session b (gpt-4o-mini); day 3: session c.
  await send('a');
  await send('a', 'local,qwen3');
  clock = T0 + DAY;
  await send('b', 'openai,gpt-4o-mini');
  clock = T0 + 2 * DAY;
  await send('c');
});
afterAll(() => upstream.stop());

describe('auth', () => {
  test('every usage route needs the router key', async () => {
    for (const path of ['/api/usage', '/api/usage/sessions', '/api/usage/sessions/a']) {
      const { status, body } = await get(path, {});
      expect(status).toBe(401);
      expect(body.error.type).toBe('authentication_error');
    }
    const response = await ccr.handle(new Request('http://ccr.test/api/usage/sessions/a', { method: 'DELETE' }));
    expect(response.status).toBe(401);
    expect((await get('/api/usage/sessions/a')).status).toBe(200);
  });
});

describe('GET /api/usage', () => {
  test('totals, per provider and per model, priced by the config’s table over the defaults', async () => {
    const { status, body } = await get('/api/usage');
    expect(status).toBe(200);
    expect(body.since).toBeNull();
    expect(body.totals).toMatchObject({ requests: 4, errors: 0, inputTokens: 2020, outputTokens: 202, unpricedRequests: 0, estimatedRequests: 0 });
    // gpt-4o at the config's 2/8; gpt-4o-mini at its default 0.15/0.6; qwen3 free.
    const gpt4o = (1000 * 2 + 100 * 8) / 1e6;
    const mini = (10 * 0.15 + 1 * 0.6) / 1e6;
    expect(body.totals.cost).toBeCloseTo(2 * gpt4o + mini, 6);
    expect(Object.keys(body.providers)).toEqual(['local', 'openai']);
    expect(body.providers.local).toMatchObject({ requests: 1, inputTokens: 10, cost: 0 });
    expect(body.models['openai,gpt-4o']).toMatchObject({ provider: 'openai', model: 'gpt-4o', requests: 2, inputTokens: 2000, outputTokens: 200 });
    expect(body.models['openai,gpt-4o-mini'].cost).toBeCloseTo(mini, 6);
    expect(body.series).toBeUndefined();
  });

  test('since and until as ISO or ms since the epoch; group=day gives a series', async () => {
    const iso = await get(`/api/usage?since=${new Date(T0 + DAY - 1000).toISOString()}&group=day`);
    expect(iso.status).toBe(200);
    expect(iso.body.totals.requests).toBe(2);
    expect(iso.body.series.map((entry: any) => [entry.start, entry.requests])).toEqual([
      ['2026-05-02T00:00:00.000Z', 1],
      ['2026-05-03T00:00:00.000Z', 1],
    ]);
    const epoch = await get(`/api/usage?since=${T0 - DAY}&until=${T0 + DAY - 1000}&group=hour`);
    expect(epoch.body.totals.requests).toBe(2);
    expect(epoch.body.until).toBe(new Date(T0 + DAY - 1000).toISOString());
    expect(epoch.body.series.map((entry: any) => entry.start)).toEqual(['2026-05-01T12:00:00.000Z']);
  });

  test.each([
    ['?since=yesterday', 'since: "yesterday" is neither an ISO 8601 date nor ms since the epoch'],
    ['?group=week', 'group: "week" is not one of day, hour'],
    [`?since=${T0}&until=${T0}`, 'since: must be before until'],
  ])('%s → 400 naming the parameter', async (query, message) => {
    const { status, body } = await get(`/api/usage${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message } });
  });
});

describe('sessions', () => {
  test('GET /api/usage/sessions/:id: sessionId, providers, totals with cost and cache figures', async () => {
    const { status, body } = await get('/api/usage/sessions/a');
    expect(status).toBe(200);
    expect(body).toEqual({
      sessionId: 'a',
      firstAt: expect.any(String),
      lastAt: expect.any(String),
      providers: {
        openai: { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0.0028, requests: 1 },
        local: { inputTokens: 10, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0, requests: 1 },
      },
      totalInputTokens: 1010,
      totalOutputTokens: 101,
      totalCacheReadTokens: 0,
      totalCacheWriteTokens: 0,
      totalCost: 0.0028,
      totalRequests: 2,
      totalErrors: 0,
    });
    expect(Date.parse(body.firstAt)).toBeLessThanOrEqual(Date.parse(body.lastAt));
  });

  test('GET /api/usage/sessions: newest activity first, by limit and offset or by cursor', async () => {
    const first = await get('/api/usage/sessions?limit=2');
    expect(first.body.sessions.map((session: any) => session.sessionId)).toEqual(['c', 'b']);
    expect(first.body.total).toBe(3);
    const byCursor = await get(`/api/usage/sessions?limit=2&cursor=${first.body.nextCursor}`);
    expect(byCursor.body.sessions.map((session: any) => session.sessionId)).toEqual(['a']);
    expect(byCursor.body.nextCursor).toBeNull();
    const byOffset = await get('/api/usage/sessions?limit=2&offset=2');
    expect(byOffset.body.sessions.map((session: any) => session.sessionId)).toEqual(['a']);
  });

  test.each([
    ['?limit=0', 'limit: "0" is not a whole number from 1 to 500'],
    ['?cursor=nonsense', 'cursor: not a cursor this API gave (use nextCursor from the previous page)'],
    ['?offset=1&cursor=x', 'offset: give offset or cursor, not both'],
  ])('%s → 400', async (query, message) => {
    const { status, body } = await get(`/api/usage/sessions${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toBe(message);
  });

  test('an unknown session is a 404', async () => {
    const { status, body } = await get('/api/usage/sessions/nobody');
    expect(status).toBe(404);
    expect(body).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'No usage recorded for session "nobody"' } });
  });

  test('a session id with characters a path must escape', async () => {
    await ccr.handle(post('/v1/messages', { model: 'x', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }, { ...KEY, 'x-session-id': 'a b/c' }));
    const { status, body } = await get(`/api/usage/sessions/${encodeURIComponent('a b/c')}`);
    expect(status).toBe(200);
    expect(body.sessionId).toBe('a b/c');
  });

  test('DELETE /api/usage/sessions/:id removes its records; a second time is a 404', async () => {
    const remove = () => ccr.handle(new Request('http://ccr.test/api/usage/sessions/b', { method: 'DELETE', headers: KEY }));
    const response = await remove();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sessionId: 'b', deletedRequests: 1 });
    expect((await get('/api/usage/sessions/b')).status).toBe(404);
    expect((await remove()).status).toBe(404);
    expect((await get('/api/usage')).body.models['openai,gpt-4o-mini']).toBeUndefined();
  });
});

test('without a usage database the routes answer 503 saying why', async () => {
  const app = createApp({ ...ccr.deps, usage: undefined, usageQueries: undefined, usageUnavailable: '/data/usage.db could not be opened: disk I/O error' });
  const response = await app.handle(new Request('http://ccr.test/api/usage', { headers: KEY }));
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({
    type: 'error',
    error: { type: 'api_error', message: 'Usage accounting is not available: /data/usage.db could not be opened: disk I/O error' },
  });
});

test('/swagger/json documents the usage routes with their parameters and response schemas', async () => {
  const spec = (await (await ccr.handle(new Request('http://ccr.test/swagger/json'))).json()) as { paths: Record<string, Record<string, any>> };
  const summary = spec.paths['/api/usage'].get;
  expect(summary.parameters.map((parameter: any) => parameter.name).sort()).toEqual(['group', 'since', 'until']);
  expect(summary.responses['200'].content['application/json'].schema.properties.totals).toBeDefined();
  expect(spec.paths['/api/usage/sessions'].get.responses['200'].content['application/json'].schema.properties.nextCursor).toBeDefined();
  const session = spec.paths['/api/usage/sessions/{id}'];
  expect(session.get.responses['200'].content['application/json'].schema.properties.totalInputTokens).toBeDefined();
  expect(session.delete.responses['404']).toBeDefined();
});
