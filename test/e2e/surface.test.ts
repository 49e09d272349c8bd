/** Auth, health, count_tokens, Claude Code's beta query and headers, OpenAPI docs. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { buildTestApp, post } from '../support/ccr-app';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;
const valid = { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

beforeAll(async () => {
  upstream = startFakeUpstream(() => ({
    json: chatCompletion('ok'),
  }));
  ccr = await buildTestApp({
    APIKEY: 'router-secret',
    Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }],
    Router: { default: 'fake,m' },
  });
});
afterAll(() => upstream.stop());

describe('auth with APIKEY', () => {
  test('no key → 401 authentication_error', async () => {
    const response = await ccr.handle(post('/v1/messages', valid));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('Missing API key') } });
  });
  test('a wrong key → 401', async () => {
    const response = await ccr.handle(post('/v1/messages', valid, { 'x-api-key': 'router-secreT' }));
    expect(response.status).toBe(401);
  });
  test('x-api-key passes', async () => {
    expect((await ccr.handle(post('/v1/messages', valid, { 'x-api-key': 'router-secret' }))).status).toBe(200);
  });
  test('Authorization: Bearer passes', async () => {
    expect((await ccr.handle(post('/v1/messages', valid, { authorization: 'Bearer router-secret' }))).status).toBe(200);
  });
  test('/api/* is protected too', async () => {
    expect((await ccr.handle(new Request('http://ccr.test/api/transformers'))).status).toBe(401);
  });
  test('/health needs no key', async () => {
    const response = await ccr.handle(new Request('http://ccr.test/health'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; version: string; uptime: number };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof body.uptime).toBe('number');
  });
  test('the SDK with the router key works', async () => {
    const message = await ccr.client('router-secret').messages.create(valid as never);
    expect(message.content).toEqual([{ type: 'text', text: 'ok' }] as never);
  });
});

describe('Claude Code specifics', () => {
  test('POST /v1/messages?beta=true with anthropic-beta headers works', async () => {
    const response = await ccr.handle(
      post('/v1/messages?beta=true', valid, { 'x-api-key': 'router-secret', 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14', 'anthropic-version': '2023-06-01' }),
    );
    expect(response.status).toBe(200);
  });
  test('unknown request fields are not rejected', async () => {
    const response = await ccr.handle(post('/v1/messages', { ...valid, context_management: { edits: [] }, some_future_field: 1 }, { 'x-api-key': 'router-secret' }));
    expect(response.status).toBe(200);
  });
});

describe('count_tokens', () => {
  test('counts system, messages and tools', async () => {
    const base = { model: 'x', messages: [{ role: 'user', content: 'Hello, world' }] };
    const count = async (body: unknown) => {
      const response = await ccr.handle(post('/v1/messages/count_tokens', body, { 'x-api-key': 'router-secret' }));
      expect(response.status).toBe(200);
      return ((await response.json()) as { input_tokens: number }).input_tokens;
    };
    const plain = await count(base);
    expect(plain).toBeGreaterThan(0);
    const withSystem = await count({ ...base, system: 'You are a careful assistant.' });
    expect(withSystem).toBeGreaterThan(plain);
    const withTools = await count({ ...base, tools: [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }] });
    expect(withTools).toBeGreaterThan(plain);
    // A system message inside the conversation counts like the system prompt.
    expect(await count({ ...base, messages: [...base.messages, { role: 'system', content: 'You are a careful assistant.' }] })).toBe(withSystem);
  });

  test('without a model it counts anyway (the curl examples of other routers leave it out)', async () => {
    const response = await ccr.handle(post('/v1/messages/count_tokens', { messages: [{ role: 'user', content: 'Hello, world' }] }, { 'x-api-key': 'router-secret' }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });
});

describe('OpenAPI', () => {
  test('/swagger/json documents the endpoints with request and response schemas', async () => {
    const response = await ccr.handle(new Request('http://ccr.test/swagger/json'));
    expect(response.status).toBe(200);
    const spec = (await response.json()) as { paths: Record<string, Record<string, any>> };
    const messages = spec.paths['/v1/messages'].post;
    expect(messages.requestBody.content['application/json'].schema.properties.model).toBeDefined();
    expect(messages.responses['200'].content['application/json'].schema.properties.content).toBeDefined();
    expect(spec.paths['/v1/messages/count_tokens'].post.responses['200']).toBeDefined();
    expect(spec.paths['/health'].get).toBeDefined();
    const explain = spec.paths['/api/route/explain'].post;
    expect(explain.requestBody.content['application/json'].schema.properties.model).toBeDefined();
    expect(explain.responses['200'].content['application/json'].schema.properties.warnings).toBeDefined();
  });

  test('/swagger serves the UI page', async () => {
    const response = await ccr.handle(new Request('http://ccr.test/swagger'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
