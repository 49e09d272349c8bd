/**
 * The one `info` line per request the issue asks for: route, provider, model, status, latency and
 * token counts, for a JSON answer and for a stream, never a key. It is written after the answer
 * has left, so the test waits for it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import pino from 'pino';
import { loggerOptions } from '../../src/log';
import { buildTestApp, post } from '../support/ccr-app';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const lines: Record<string, unknown>[] = [];
const log = pino(loggerOptions('info'), { write: (line: string) => lines.push(JSON.parse(line)) });
let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;
const SECRET = 'sk-upstream-secret-123456';

beforeAll(async () => {
  upstream = startFakeUpstream((request) =>
    request.body?.stream
      ? {
          chunks: [
            `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })}\n\n`,
            `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } })}\n\n`,
            'data: [DONE]\n\n',
          ],
        }
      : { json: chatCompletion('Hi', { prompt: 12, completion: 3 }) },
  );
  ccr = await buildTestApp({ Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: SECRET }], Router: { default: 'fake,m' } }, { log });
});
afterAll(() => upstream.stop());

async function requestLine(stream: boolean): Promise<Record<string, unknown>> {
  lines.length = 0;
  const response = await ccr.handle(post('/v1/messages', { model: 'claude-sonnet-4-6', max_tokens: 10, stream, messages: [{ role: 'user', content: 'hello' }] }));
  await response.text();
  for (let i = 0; i < 50 && !lines.some((line) => line.msg === 'request'); i++) await Bun.sleep(2);
  const found = lines.filter((line) => line.msg === 'request');
  expect(found).toHaveLength(1);
  expect(JSON.stringify(lines)).not.toContain(SECRET);
  return found[0];
}

test('a JSON answer: one info line with route, provider, model, status, latency and tokens', async () => {
  const line = await requestLine(false);
  expect(line).toMatchObject({ level: 30, route: 'default', provider: 'fake', model: 'm', status: 200, stream: false, input_tokens: 12, output_tokens: 3 });
  expect(line.ms).toEqual(expect.any(Number));
});

test('a stream: the line comes once the stream has ended, with the usage it reported', async () => {
  const line = await requestLine(true);
  expect(line).toMatchObject({ route: 'default', provider: 'fake', model: 'm', status: 200, stream: true, input_tokens: 9, output_tokens: 2 });
  expect(line.stream_status).toBeUndefined();
});

describe('a request ccr refuses itself gets its one line too, naming the reason', () => {
  const refusals = async (request: Request) => {
    lines.length = 0;
    const response = await guarded.handle(request);
    await response.text();
    return { status: response.status, lines: lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('request')) };
  };
  let guarded: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    guarded = await buildTestApp(
      { APIKEY: 'router-key', BODY_LIMIT_BYTES: 2048, Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: SECRET }], Router: { default: 'fake,m' } },
      { log },
    );
  });
  const key = { 'x-api-key': 'router-key' };

  test.each([
    ['a body that fails validation (400)', () => post('/v1/messages', { model: 'x', messages: [] }, key), 400, 'max_tokens: Field required'],
    ['no router key (401)', () => post('/v1/messages', { model: 'x', max_tokens: 5, messages: [] }), 401, 'Missing API key'],
    ['an unknown path (404)', () => new Request('http://ccr.test/v1/nothing-here', { headers: key }), 404, 'Not found'],
    ['a body over the limit (413)', () => post('/v1/messages', 'x'.repeat(4096), key), 413, 'the limit is 2048 bytes'],
  ])('%s', async (_what, request, status, reason) => {
    const seen = await refusals(request());
    expect(seen.status).toBe(status);
    expect(seen.lines).toHaveLength(1);
    expect(seen.lines[0]).toMatchObject({ level: 30, msg: 'request refused', status, error: expect.stringContaining(reason) });
    expect(seen.lines[0].path).toStartWith('/v1/');
  });

  test('a provider failure is one line, with the route, not two', async () => {
    const failing = startFakeUpstream(() => ({ status: 400, json: { error: { message: 'bad tool schema' } } }));
    const app = await buildTestApp({ Providers: [{ name: 'strict', api_base_url: `${failing.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'strict,m' } }, { log });
    lines.length = 0;
    await (await app.handle(post('/v1/messages', { model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }))).text();
    const found = lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('request'));
    expect(found).toEqual([expect.objectContaining({ msg: 'request failed', route: 'default', status: 400, error: expect.stringContaining('bad tool schema') })]);
    failing.stop();
  });
});

test('LOG_LEVEL debug: each upstream call with its URL, status, timing, dialect and transformers, never the key', async () => {
  const debugLines: Array<Record<string, any>> = [];
  const debugLog = pino(loggerOptions('debug'), { write: (line: string) => debugLines.push(JSON.parse(line)) });
  const app = await buildTestApp(
    { Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions?key=${SECRET}`, api_key: SECRET, transformer: { use: ['deepseek'] } }], Router: { default: 'fake,deepseek-chat' } },
    { log: debugLog },
  );
  await (await app.handle(post('/v1/messages', { model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }))).text();
  const call = debugLines.find((line) => line.msg === 'upstream answered');
  expect(call).toMatchObject({ level: 20, provider: 'fake', model: 'deepseek-chat', status: 200, dialect: 'openai', transformers: ['deepseek'], ms: expect.any(Number) });
  expect(call!.url).toStartWith(`${upstream.url}/v1/chat/completions?key=`);
  expect(JSON.stringify(debugLines)).not.toContain(SECRET);
});
