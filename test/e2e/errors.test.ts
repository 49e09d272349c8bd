/**
 * Every bad input and every upstream failure answers in Anthropic's error shape with the right
 * status, and the SDK raises the matching error class.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { createLiveState } from '../../src/state/live';
import { buildTestApp, post } from '../support/ccr-app';
import { startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream';

let reply: () => FakeReply = () => ({ json: {} });
let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;
const valid = { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

beforeAll(async () => {
  upstream = startFakeUpstream(() => reply());
  ccr = await buildTestApp({
    Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'sk-live-0123456789abcdef' }],
    Router: { default: 'fake,m' },
    API_TIMEOUT_MS: 150,
    BODY_LIMIT_BYTES: 4096,
  });
});
afterAll(() => upstream.stop());
// Each test shows how one failure reaches the client: none inherits the key states an earlier one left.
beforeEach(() => {
  ccr.deps.liveState = createLiveState();
});

async function expectError(response: Response, status: number, type: string, message: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as { type: string; error: { type: string; message: string } };
  expect(body.type).toBe('error');
  expect(body.error.type).toBe(type);
  expect(body.error.message).toMatch(message);
  expect(JSON.stringify(body)).not.toContain('    at ');
  return body;
}

describe('bad requests', () => {
  test('invalid JSON → 400 invalid_request_error', async () => {
    await expectError(await ccr.handle(post('/v1/messages', '{"model": ')), 400, 'invalid_request_error', /not valid JSON/);
  });
  test('a JSON array instead of an object → 400', async () => {
    await expectError(await ccr.handle(post('/v1/messages', '[1,2]')), 400, 'invalid_request_error', /JSON object/);
  });
  test('empty body → 400', async () => {
    await expectError(await ccr.handle(post('/v1/messages', '')), 400, 'invalid_request_error', /empty/);
  });
  test('missing model → 400 naming model', async () => {
    const { model: _model, ...body } = valid;
    await expectError(await ccr.handle(post('/v1/messages', body)), 400, 'invalid_request_error', /^model: Field required/);
  });
  test('missing messages → 400 naming messages', async () => {
    const { messages: _messages, ...body } = valid;
    await expectError(await ccr.handle(post('/v1/messages', body)), 400, 'invalid_request_error', /^messages: Field required/);
  });
  test('missing max_tokens → 400 naming max_tokens', async () => {
    const { max_tokens: _max, ...body } = valid;
    await expectError(await ccr.handle(post('/v1/messages', body)), 400, 'invalid_request_error', /^max_tokens/);
  });
  test('a missing role → 400 naming its path', async () => {
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, messages: [{ content: 'x' }] })), 400, 'invalid_request_error', /^messages\.0\.role: Field required/);
  });
  test('a role that is not a string → 400 naming its path', async () => {
    const messages = [{ role: 'user', content: 'x' }, { role: 7, content: 'y' }];
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, messages })), 400, 'invalid_request_error', /^messages\.1\.role: must be a non-empty string/);
  });
  test('a content block without type → 400 naming its path', async () => {
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, messages: [{ role: 'user', content: [{ text: 'x' }] }] })), 400, 'invalid_request_error', /messages\.0\.content\.0\.type/);
  });
  test('a bad part deep in the body → 400 naming its own indices', async () => {
    const blocks = [{ type: 'text', text: 'a' }, { text: 'no type' }];
    const messages = [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }, { role: 'user', content: blocks }];
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, messages })), 400, 'invalid_request_error', /^messages\.2\.content\.1\.type/);
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, messages: [{ role: 'user', content: 'x' }, 'not an object'] })), 400, 'invalid_request_error', /^messages\.1: must be an object/);
    const tools = [{ name: 'a', input_schema: { type: 'object' } }, { input_schema: { type: 'object' } }];
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, tools })), 400, 'invalid_request_error', /^tools\.1\.name/);
  });
  test('a tool without input_schema → 400', async () => {
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, tools: [{ name: 't' }] })), 400, 'invalid_request_error', /tools\.0\.input_schema/);
  });
  test('thinking enabled without budget → 400', async () => {
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, thinking: { type: 'enabled' } })), 400, 'invalid_request_error', /budget_tokens/);
  });
  test('a body over the limit → 413 request_too_large', async () => {
    const big = { ...valid, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] };
    await expectError(await ccr.handle(post('/v1/messages', big)), 413, 'request_too_large', /limit is 4096 bytes/);
  });
  test('a body under the limit in characters but over it in UTF-8 bytes → 413 with its byte count; just under passes', async () => {
    const over = { ...valid, messages: [{ role: 'user', content: 'é'.repeat(2500) }] };
    expect(JSON.stringify(over).length).toBeLessThan(4096);
    const body = await expectError(await ccr.handle(post('/v1/messages', over)), 413, 'request_too_large', /limit is 4096 bytes/);
    expect(body.error.message).toContain(`${Buffer.byteLength(JSON.stringify(over))} bytes`);
    const before = reply;
    reply = () => ({ json: { id: 'c', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } } });
    const under = { ...valid, messages: [{ role: 'user', content: 'é'.repeat(1900) }] };
    expect(Buffer.byteLength(JSON.stringify(under))).toBeLessThan(4096);
    expect(JSON.stringify(under).length * 3).toBeGreaterThan(4096);
    expect((await ccr.handle(post('/v1/messages', under))).status).toBe(200);
    reply = before;
  });
  test('the limit holds on every route that takes a body: count_tokens, the route explainer, the config API → 413', async () => {
    const big = { ...valid, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] };
    for (const path of ['/v1/messages/count_tokens', '/api/route/explain', '/api/config']) {
      await expectError(await ccr.handle(post(path, big)), 413, 'request_too_large', /limit is 4096 bytes/);
    }
  });
  test('count_tokens: missing messages → 400', async () => {
    await expectError(await ccr.handle(post('/v1/messages/count_tokens', { model: 'x' })), 400, 'invalid_request_error', /messages/);
  });
  test('unknown path → 404 in Anthropic shape', async () => {
    await expectError(await ccr.handle(new Request('http://ccr.test/v1/nothing')), 404, 'not_found_error', /Not found/);
  });
  test('an explicit unknown provider → 400 naming the configured ones', async () => {
    await expectError(await ccr.handle(post('/v1/messages', { ...valid, model: 'nope,some-model' })), 400, 'invalid_request_error', /fake/);
  });
});

describe('upstream failures', () => {
  test('upstream 401 → same status, the provider message kept, the SDK raises AuthenticationError', async () => {
    reply = () => ({ status: 401, json: { error: { message: 'Incorrect API key provided: sk-live-0123456789abcdef', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const error = await ccr.client().messages.create(valid as Anthropic.MessageCreateParamsNonStreaming).catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('Incorrect API key provided');
    // The key the provider echoed back never reaches the client whole.
    expect(error.message).not.toContain('sk-live-0123456789abcdef');
  });

  test('upstream 429 → 429 rate_limit_error with retry-after kept', async () => {
    reply = () => ({ status: 429, headers: { 'retry-after': '17' }, json: { error: { message: 'Rate limit reached for requests' } } });
    const response = await ccr.handle(post('/v1/messages', valid));
    expect(response.headers.get('retry-after')).toBe('17');
    await expectError(response, 429, 'rate_limit_error', /Rate limit reached for requests/);
  });

  test('upstream 429 seen by the SDK as RateLimitError', async () => {
    reply = () => ({ status: 429, json: { error: { message: 'slow down' } } });
    const error = await ccr.client().messages.create(valid as Anthropic.MessageCreateParamsNonStreaming).catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });

  test('upstream 500 with a plain-text body → 500 api_error with that text', async () => {
    reply = () => ({ status: 500, text: 'upstream exploded' });
    await expectError(await ccr.handle(post('/v1/messages', valid)), 500, 'api_error', /upstream exploded/);
  });

  test('upstream 400 → 400 with the provider message, so the user sees what the provider said', async () => {
    reply = () => ({ status: 400, json: { error: { message: "This model's maximum context length is 8192 tokens" } } });
    await expectError(await ccr.handle(post('/v1/messages', valid)), 400, 'invalid_request_error', /maximum context length is 8192/);
  });

  test('upstream silent past API_TIMEOUT_MS → 504 naming the provider', async () => {
    reply = () => ({ delayMs: 1000, json: {} });
    await expectError(await ccr.handle(post('/v1/messages', valid)), 504, 'timeout_error', /"fake".*150 ms/);
  });

  test('upstream that sends its headers, then stalls its JSON body past API_TIMEOUT_MS → 504', async () => {
    reply = () => ({ chunks: ['{"id":"chatcmpl-1",'], hangAfterChunks: true, headers: { 'content-type': 'application/json' } });
    await expectError(await ccr.handle(post('/v1/messages', valid)), 504, 'timeout_error', /"fake" did not answer within 150 ms/);
  });

  test('upstream unreachable → 502 naming the provider', async () => {
    const dead = await buildTestApp({ Providers: [{ name: 'gone', api_base_url: 'http://127.0.0.1:1/v1/chat/completions', api_key: 'k' }], Router: { default: 'gone,m' } });
    const body = await expectError(await dead.handle(post('/v1/messages', valid)), 502, 'api_error', /"gone" is unreachable/);
    expect(body.error.message).not.toContain('verbose');
  });

  test('upstream answers 200 with a body that is not JSON → 502', async () => {
    reply = () => ({ text: '<html>gateway</html>' });
    await expectError(await ccr.handle(post('/v1/messages', valid)), 502, 'api_error', /not JSON/);
  });

  test('a failing target hands over to the next one', async () => {
    const dead = await buildTestApp({
      Providers: [
        { name: 'gone', api_base_url: 'http://127.0.0.1:1/v1/chat/completions', api_key: 'k' },
        { name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' },
      ],
      Router: { default: { providers: [{ provider: 'gone', model: 'm' }], fallback: ['fake,m2'] } },
    });
    reply = () => ({ json: { id: 'c', object: 'chat.completion', model: 'm2', choices: [{ index: 0, message: { role: 'assistant', content: 'from fallback' }, finish_reason: 'stop' }] } });
    const response = await dead.handle(post('/v1/messages', valid));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ccr-route')).toBe('default; fake,m2');
  });
});

describe('no provider configured', () => {
  test('/v1/messages answers a clear error saying what to configure', async () => {
    const empty = await buildTestApp({});
    await expectError(await empty.handle(post('/v1/messages', valid)), 400, 'invalid_request_error', /no provider configured.*Providers.*Router\.default/s);
  });
});
