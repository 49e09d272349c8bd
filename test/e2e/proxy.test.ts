/** PROXY_URL: provider calls go through the configured HTTP proxy. */
import { expect, test } from 'bun:test';
import { buildTestApp, post } from '../support/ccr-app';
import { chatCompletion } from '../support/fake-upstream';

test('with PROXY_URL set, the provider request reaches the proxy, addressed to the provider', async () => {
  const seen: string[] = [];
  // A forward proxy receives the absolute URL of the target; this one answers in the provider's place.
  const proxy = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      seen.push(request.url);
      return Response.json(chatCompletion('via proxy'));
    },
  });
  try {
    const ccr = await buildTestApp({
      Providers: [{ name: 'far', api_base_url: 'http://provider.invalid/v1/chat/completions', api_key: 'k' }],
      Router: { default: 'far,m' },
      PROXY_URL: `http://127.0.0.1:${proxy.port}`,
    });
    const response = await ccr.handle(post('/v1/messages', { model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { content: Array<{ text: string }> }).content[0].text).toBe('via proxy');
    expect(seen).toEqual(['http://provider.invalid/v1/chat/completions']);
  } finally {
    proxy.stop(true);
  }
});

test('a proxy that refuses the connection is named as the one at fault, not the provider', async () => {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const deadPort = probe.port;
  probe.stop(true);
  const ccr = await buildTestApp({
    Providers: [{ name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: 'k' }],
    Router: { default: 'deepseek,deepseek-chat' },
    PROXY_URL: `http://127.0.0.1:${deadPort}`,
  });
  const response = await ccr.handle(post('/v1/messages', { model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }));
  expect(response.status).toBe(502);
  expect(await response.json()).toMatchObject({ error: { message: `The proxy 127.0.0.1:${deadPort} (PROXY_URL) refused the connection, so provider "deepseek" was not reached` } });
});
