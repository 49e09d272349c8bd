/**
 * The server as `ccr start` runs it, over a real socket: the one app serves every path, with auth,
 * errors and the query string Claude Code sends.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { startServer } from '../../src/server';
import { buildTestApp } from '../support/ccr-app';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const API_KEY = 'server-test-key';
let upstream: FakeUpstream;
let server: Server<undefined>;
let base: string;
let failNextRuntime = false;
let app: Awaited<ReturnType<typeof buildTestApp>>['app'];

beforeAll(async () => {
  upstream = startFakeUpstream(() => ({ json: chatCompletion('Hi there', { prompt: 5, completion: 2 }) }));
  let deps;
  ({ app, deps } = await buildTestApp({
    APIKEY: API_KEY,
    Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }],
    Router: { default: 'fake,m' },
  }));
  const getRuntime = deps.getRuntime;
  deps.getRuntime = () => {
    if (failNextRuntime) {
      failNextRuntime = false;
      throw new TypeError('a bug in ccr');
    }
    return getRuntime();
  };
  server = startServer(app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => {
  server.stop(true);
  upstream.stop();
});

const messages = (init: { headers?: Record<string, string>; body?: string; query?: string } = {}) =>
  fetch(`${base}/v1/messages${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...init.headers },
    body: init.body ?? JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] }),
  });

describe('the server ccr listens with', () => {
  test('answers the SDK on /v1/messages, with the ?beta=true Claude Code sends', async () => {
    const client = new Anthropic({ baseURL: base, apiKey: API_KEY, maxRetries: 0 });
    const message = await client.beta.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Hi there' } as (typeof message.content)[number]]);
    expect(upstream.requests.at(-1)!.body.model).toBe('m');
    const response = await messages({ query: '?beta=true' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ccr-route')).toBe('default; fake,m');
  });

  test('refuses a missing or wrong key on /v1/messages with a 401 in Anthropic shape', async () => {
    for (const headers of [{ 'x-api-key': '' }, { 'x-api-key': 'wrong' }]) {
      const response = await messages({ headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
  });

  test('answers bad input on /v1/messages in Anthropic shape', async () => {
    const response = await messages({ body: '{not json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') } });
  });

  test('an unexpected failure is a 500 in Anthropic shape, without its stack', async () => {
    failNextRuntime = true;
    const response = await messages();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal error in ccr; see its log' } });
    expect(text).not.toContain('a bug in ccr');
  });

  test('a second server on the same port fails instead of sharing it', () => {
    let error: unknown;
    try {
      startServer(app, { hostname: '127.0.0.1', port: server.port!, bodyLimitBytes: 1024 }).stop(true);
    } catch (caught) {
      error = caught;
    }
    expect((error as { code?: string } | undefined)?.code).toBe('EADDRINUSE');
  });

  test('counts every request it receives (what the idle collector watches)', async () => {
    let received = 0;
    const counting = startServer(app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024, onRequest: () => received++ });
    try {
      await (await fetch(`http://127.0.0.1:${counting.port}/health`)).arrayBuffer();
      await (await fetch(`http://127.0.0.1:${counting.port}/v1/messages`, { method: 'POST', body: '{}' })).arrayBuffer();
      await (await fetch(`http://127.0.0.1:${counting.port}/api/transformers`)).arrayBuffer();
      expect(received).toBe(3);
    } finally {
      counting.stop(true);
    }
  });

  test('count_tokens, / and /health: auth on count_tokens, none on health', async () => {
    for (const path of ['/health', '/']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', version: expect.any(String), uptime: expect.any(Number) });
    }
    // A browser at / is sent to the dashboard; /health stays JSON for it too.
    const browserAccept = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const page = await fetch(`${base}/`, { headers: browserAccept, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/ui');
    expect((await fetch(`${base}/health`, { headers: browserAccept })).headers.get('content-type')).toContain('application/json');
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hello' }] });
    const count = await fetch(`${base}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body });
    expect(count.status).toBe(200);
    expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
    const unauthorized = await fetch(`${base}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const invalid = await fetch(`${base}/v1/messages/count_tokens`, { method: 'POST', headers: { 'x-api-key': API_KEY }, body: '[]' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  test('the admin API needs the key; a wrong method is a 404 in Anthropic shape', async () => {
    const unauthorized = await fetch(`${base}/api/transformers`);
    expect(unauthorized.status).toBe(401);
    const transformers = await fetch(`${base}/api/transformers`, { headers: { 'x-api-key': API_KEY } });
    expect(transformers.status).toBe(200);
    expect(await transformers.json()).toHaveProperty('transformers');
    const wrongMethod = await fetch(`${base}/v1/messages`, { headers: { 'x-api-key': API_KEY } });
    expect(wrongMethod.status).toBe(404);
    expect(await wrongMethod.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

test('a body declared far over BODY_LIMIT_BYTES gets a 413 in Anthropic shape, before it is read', async () => {
  const small = await buildTestApp({ Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'fake,m' }, BODY_LIMIT_BYTES: 1024 });
  const limited = startServer(small.app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 });
  try {
    const response = await fetch(`http://127.0.0.1:${limited.port}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(5 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'request_too_large', message: 'Request body is 5242880 bytes; the limit is 1024 bytes (BODY_LIMIT_BYTES)' } });
  } finally {
    limited.stop(true);
  }
});

