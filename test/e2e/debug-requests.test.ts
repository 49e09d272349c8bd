/** `debug.saveRequests` and `debug.traceRequests`, through the app. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildTestApp, post } from '../support/ccr-app';
import { eventually } from '../support/ccr-cli';
import { chatCompletion, sseChunks, startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream';

const fixture = readFileSync(join(import.meta.dir, '../fixtures/openai/text.sse'), 'utf8');
const ROUTER_KEY = 'router-key-5678efgh';
const PROVIDER_KEY = 'sk-upstream-aaaa1111';
let upstream: FakeUpstream;
let reply: (body: any) => FakeReply = () => ({});
let dir: string;

beforeAll(() => {
  upstream = startFakeUpstream((request) => reply(request.body));
});
afterAll(() => upstream.stop());

async function setup(debug: Record<string, unknown> | undefined, log?: pino.Logger) {
  dir = mkdtempSync(join(tmpdir(), 'ccr-saved-'));
  reply = (body) => (body?.stream ? { chunks: sseChunks(fixture) } : { json: chatCompletion(`echo ${PROVIDER_KEY}`, { prompt: 5, completion: 3 }) });
  const ccr = await buildTestApp(
    {
      APIKEY: ROUTER_KEY,
      Providers: [{ name: 'up', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: PROVIDER_KEY, models: ['m'] }],
      Router: { default: 'up,m' },
      ...(debug && { debug }),
    },
    { savedRequestsDir: dir, log },
  );
  const send = (body: Record<string, unknown> = {}) =>
    ccr.handle(post('/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hello there' }], ...body }, { 'x-api-key': ROUTER_KEY }));
  const files = () => readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ccr, send, files, read };
}

describe('debug.saveRequests', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('off by default: nothing is written', async () => {
    const { send, files } = await setup(undefined);
    await (await send()).text();
    await Bun.sleep(50);
    expect(files()).toEqual([]);
  });

  test('a JSON answer: the request, the upstream request and answer, the response, keys and Authorization masked', async () => {
    const { send, files, read } = await setup({ saveRequests: true });
    expect(await (await send()).json()).toMatchObject({ type: 'message' });
    const [name] = await eventually('a saved request', () => (files().length === 1 ? files() : undefined));
    expect(name).toMatch(/^\d{8}T\d{6}\.\d{3}Z-\d{4}\.json$/);
    const text = read(name);
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).not.toContain(ROUTER_KEY);
    const saved = JSON.parse(text);
    expect(saved.request).toMatchObject({ method: 'POST', url: '/v1/messages', headers: { 'x-api-key': 'rout…efgh' }, body: { model: 'claude-sonnet-4-5' } });
    expect(saved.route).toMatchObject({ category: 'default', targets: [{ provider: 'up', model: 'm' }] });
    expect(saved.upstream).toHaveLength(1);
    const [exchange] = saved.upstream;
    expect(exchange.url).toBe(`${upstream.url}/v1/chat/completions`);
    expect(exchange.headers.authorization).toBe('Bearer sk-u…1111');
    expect(exchange.body).toMatchObject({ model: 'm', messages: [{ role: 'user', content: 'hello there' }] });
    expect(exchange.response).toMatchObject({ status: 200, body: { choices: [{ message: { content: 'echo sk-u…1111' } }] } });
    expect(saved.response).toMatchObject({ status: 200, body: { type: 'message', content: [{ type: 'text', text: 'echo sk-u…1111' }] } });
    expect(saved.outcome).toMatchObject({ status: 200, provider: 'up', model: 'm', streamStatus: 'ok' });
  });

  test('a stream: both streams kept as their events, the answer put back together as one message', async () => {
    const { send, files, read } = await setup({ saveRequests: true });
    const streamed = await (await send({ stream: true })).text();
    expect(streamed).toContain('message_stop');
    const [name] = await eventually('a saved request', () => (files().length === 1 ? files() : undefined));
    const saved = JSON.parse(read(name));
    const upstreamEvents = saved.upstream[0].response.events;
    expect(upstreamEvents.length).toBeGreaterThan(2);
    expect(upstreamEvents.at(-1)).toEqual({ data: '[DONE]' });
    expect(upstreamEvents[0].data.choices).toBeDefined();
    expect(saved.response.events[0]).toMatchObject({ event: 'message_start' });
    expect(saved.response.message).toMatchObject({ role: 'assistant', stop_reason: 'end_turn' });
    const text = saved.response.message.content.map((block: { text?: string }) => block.text ?? '').join('');
    const deltas = saved.response.events.filter((event: any) => event.data.delta?.type === 'text_delta').map((event: any) => event.data.delta.text).join('');
    expect(text).toBe(deltas);
    expect(text.length).toBeGreaterThan(0);
  });

  test('a failure is saved with what the provider said; past maxFiles the oldest go', async () => {
    const { send, files, read } = await setup({ saveRequests: true, maxFiles: 2 });
    reply = () => ({ status: 500, json: { error: { message: 'upstream broke' } } });
    expect((await send()).status).toBe(500);
    const [first] = await eventually('a saved failure', () => (files().length === 1 ? files() : undefined));
    const saved = JSON.parse(read(first));
    expect(saved.outcome).toMatchObject({ status: 500 });
    expect(saved.upstream.at(-1).response).toMatchObject({ status: 500, body: { error: { message: 'upstream broke' } } });
    expect(saved.response).toBeUndefined();
    reply = () => ({ json: chatCompletion('ok', { prompt: 1, completion: 1 }) });
    for (let i = 0; i < 3; i++) await (await send()).text();
    await eventually('pruned to two', async () => {
      await Bun.sleep(20);
      const names = files();
      return names.length === 2 && !names.includes(first);
    });
  });
});

describe('debug.traceRequests', () => {
  test('each step logged at debug, keys masked', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const { send } = await setup({ traceRequests: true }, log);
    await (await send()).text();
    await eventually('the trace', () => lines.some((line) => line.includes('trace: upstream body')) && lines.some((line) => line.includes('trace: client body')));
    const steps = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg.startsWith('trace: '));
    expect(steps.every((entry) => entry.level === 20)).toBe(true);
    expect(steps.map((entry) => entry.step).slice(0, 4)).toEqual(['client request', 'routed', 'upstream request', 'upstream response']);
    expect(steps.map((entry) => entry.step).sort()).toEqual(['client body', 'client request', 'response', 'routed', 'upstream body', 'upstream request', 'upstream response']);
    expect(JSON.parse(steps.find((entry) => entry.step === 'client body').body)).toMatchObject({ type: 'message', content: [{ text: 'echo sk-u…1111' }] });
    expect(new Set(steps.map((entry) => entry.request)).size).toBe(1);
    expect(steps[2].headers.authorization).toBe('Bearer sk-u…1111');
    expect(JSON.parse(steps[2].body)).toMatchObject({ model: 'm' });
    expect(lines.join('\n')).not.toContain(PROVIDER_KEY);
  });
});
