import { describe, expect, test } from 'bun:test';
import { createRouter } from '../router/route';
import type { RouteContext } from '../router/types';
import { routeExplainPlugin } from './route-explain';

const router = createRouter({
  providers: [
    { name: 'DeepSeek', models: ['deepseek-chat', 'deepseek-reasoner'] },
    { name: 'groq', models: ['llama-3.3-70b'] },
  ],
  router: {
    default: 'deepseek,deepseek-chat',
    think: 'deepseek,deepseek-reasoner',
    rules: [{ name: 'tenant-b', when: { header: { name: 'X-Tenant', equals: 'b' } }, route: 'groq,llama-3.3-70b' }],
  },
  fallback: { default: ['groq,llama-3.3-70b'] },
});

const app = routeExplainPlugin(() => router);

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request('http://localhost/api/route/explain', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function explain(body: unknown, headers: Record<string, string> = {}) {
  return app.handle(post(body, headers));
}

describe('POST /api/route/explain', () => {
  test('answers the category, targets and token count without max_tokens', async () => {
    const response = await explain({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hello world' }] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      category: 'default',
      targets: [
        { provider: 'DeepSeek', model: 'deepseek-chat' },
        { provider: 'groq', model: 'llama-3.3-70b' },
      ],
      tokenCount: 2,
      warnings: [],
    });
  });

  test('what the router logged on the way (a failing custom router) comes back as warnings', async () => {
    const failing = createRouter({
      providers: [{ name: 'p', models: [] }],
      router: { default: 'p,m' },
      customRouter: () => {
        throw new Error('boom');
      },
    });
    const response = await routeExplainPlugin(() => failing).handle(post({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }));
    expect(await response.json()).toMatchObject({ category: 'default', warnings: [expect.stringContaining('custom router threw; routing without it')] });
  });

  test('a weighted route explains the same primary every time', async () => {
    const weighted = createRouter({
      providers: [{ name: 'a', models: [] }, { name: 'b', models: [] }],
      router: { default: { providers: [{ provider: 'a', model: 'm', weight: 1 }, { provider: 'b', model: 'm', weight: 1 }] } },
    });
    const plugin = routeExplainPlugin(() => weighted);
    const primaries = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const body = (await (await plugin.handle(post({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }))).json()) as { targets: Array<{ provider: string }> };
      primaries.add(body.targets[0].provider);
    }
    expect(primaries.size).toBe(1);
  });

  test('uses the request headers (rules on headers) and names the rule', async () => {
    const response = await explain({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] }, { 'X-Tenant': 'b' });
    expect(await response.json()).toMatchObject({ category: 'rule', rule: 'tenant-b', targets: [{ provider: 'groq', model: 'llama-3.3-70b' }] });
  });

  test('keeps unknown fields of the body (thinking routes to think)', async () => {
    const response = await explain({ model: 'claude-sonnet-4-5', thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'hi' }] });
    expect(await response.json()).toMatchObject({ category: 'think' });
  });

  test('passes the session id and the caller live state to the router', async () => {
    let seen: RouteContext | undefined;
    const spy = routeExplainPlugin(
      () => ({
        usesSessionTokens: false,
        targetsFor: () => undefined,
        route: async (request, context) => {
          seen = context;
          return { category: 'default', targets: [{ provider: 'p', model: 'm' }], tokenCount: 0, request };
        },
      }),
      () => ({ isHealthy: () => true }),
    );
    await spy.handle(post({ model: 'x', metadata: { user_id: 'user_a_account__session_abc' }, messages: [] }));
    expect(seen?.sessionId).toBe('abc');
    expect(seen?.isHealthy).toBeFunction();
    expect(seen?.roundRobin).toBeUndefined();
  });

  test('a routing error leaves in Anthropic shape with its status', async () => {
    const response = await explain({ model: 'nowhere,x', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('DeepSeek, groq');
  });

  test('a body that is not a Messages request is a 400 in Anthropic shape', async () => {
    for (const bad of [{ messages: [] }, { model: 'x', messages: 'nope' }, { model: 'x', messages: [{ role: 'user' }] }]) {
      const response = await explain(bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    }
  });

  test('a message without a role is a 400 naming the field', async () => {
    const response = await explain({ model: 'x', messages: [{ content: 'hi' }] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: 'messages.0.role: Field required' } });
  });

  test('invalid JSON is a 400 in Anthropic shape', async () => {
    const response = await explain('{"model":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});
