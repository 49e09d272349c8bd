/**
 * The one `info` line per request the issue asks for: route, provider, model, status, latency and
 * token counts, for a JSON answer and for a stream, never a key. It is written after the answer
 * has left, so the test waits for it.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
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
