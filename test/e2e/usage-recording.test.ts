/**
 * What each request records, through the app with fake providers: tokens from the upstream's usage
 * or estimated when it gave none, streams and JSON answers, failover hops, failures, sessions.
 * Each test files its requests under its own session and reads that session's rows.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countRequestTokens } from '../../src/tokens/count';
import { countTextTokens } from '../../src/tokens/encoder';
import { buildTestApp, post } from '../support/ccr-app';
import { chatCompletion, sseChunks, startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const usageChunk = (prompt: number, completion: number, cached = 0) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: cached } } })}\n\n`;
const anthropicFixture = readFileSync(join(import.meta.dir, '../fixtures/anthropic/thinking-text-tool-use.sse'), 'utf8');

/** gpt-4o-mini's built-in price: input, output, cache read per million tokens. */
const GPT_4O_MINI = { input: 0.15, output: 0.6, cacheRead: 0.075 };

let reply: (request: RecordedRequest) => FakeReply = () => ({ json: chatCompletion('ok', { prompt: 1, completion: 1 }) });
let upstream: FakeUpstream;
let down: FakeUpstream;
let anthropic: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  upstream = startFakeUpstream((request) => reply(request));
  down = startFakeUpstream(() => ({ status: 503, json: { error: { message: 'overloaded' } } }));
  anthropic = startFakeUpstream(() => ({ chunks: sseChunks(anthropicFixture) }));
  ccr = await buildTestApp({
    Providers: [
      { name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k', models: ['gpt-4o-mini'] },
      { name: 'down', api_base_url: `${down.url}/v1/chat/completions`, api_key: 'k', models: ['m'] },
      { name: 'down2', api_base_url: `${down.url}/v1/chat/completions`, api_key: 'k', models: ['m'] },
      { name: 'claude', api_base_url: `${anthropic.url}/v1/messages`, api_key: 'k', models: ['claude-opus-4-1'] },
    ],
    Router: { default: 'fake,gpt-4o-mini' },
    fallback: { explicit: ['fake,gpt-4o-mini'] },
  });
});
afterAll(() => {
  upstream.stop();
  down.stop();
  anthropic.stop();
});

interface Row {
  at: number;
  session_id: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  requested_model: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  estimated: number;
  cost: number | null;
  latency_ms: number;
  ttft_ms: number | null;
  status: number;
  outcome: string;
  streamed: number;
  hops: number;
  error: string | null;
}

function rowsOf(sessionId: string): Row[] {
  ccr.usage.recorder.flush();
  return ccr.usage.db.query('SELECT * FROM requests WHERE session_id = ? ORDER BY id').all(sessionId) as Row[];
}

const body = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Say hello to the world' }], ...extra });
const send = async (session: string, extra: Record<string, unknown> = {}) => {
  const response = await ccr.handle(post('/v1/messages', body(extra), { 'x-session-id': session }));
  await response.text();
  return response;
};

describe('a JSON answer', () => {
  test('with the upstream’s usage: its counts, cache reads apart, priced by model; nothing is written until the batch', async () => {
    reply = () => ({ json: { ...chatCompletion('Hello there'), usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 40 } } } });
    expect((await send('json-usage')).status).toBe(200);
    expect(ccr.usage.db.query('SELECT COUNT(*) AS n FROM requests WHERE session_id = ?').get('json-usage')).toEqual({ n: 0 });
    const [row] = rowsOf('json-usage');
    expect(row).toMatchObject({
      route: 'default',
      provider: 'fake',
      model: 'gpt-4o-mini',
      requested_model: 'claude-sonnet-4-6',
      input_tokens: 60,
      output_tokens: 20,
      cache_read_tokens: 40,
      cache_write_tokens: 0,
      estimated: 0,
      status: 200,
      outcome: 'ok',
      streamed: 0,
      hops: 0,
      error: null,
    });
    expect(row.cost).toBeCloseTo((60 * GPT_4O_MINI.input + 20 * GPT_4O_MINI.output + 40 * GPT_4O_MINI.cacheRead) / 1e6, 12);
    expect(row.latency_ms).toBeGreaterThan(0);
    expect(row.ttft_ms).toBeGreaterThan(0);
    expect(row.ttft_ms!).toBeLessThanOrEqual(row.latency_ms + 0.1);
    expect(Math.abs(row.at - Date.now())).toBeLessThan(5000);
  });

  test('without usage: input counted from the request, output from the answer, marked estimated', async () => {
    reply = () => ({ json: chatCompletion('Hello there, world') });
    await send('json-estimated');
    const [row] = rowsOf('json-estimated');
    expect(row.estimated).toBe(1);
    expect(row.input_tokens).toBe(countRequestTokens(body() as never));
    expect(row.output_tokens).toBe(countTextTokens('Hello there, world'));
    expect(row.cost).toBeCloseTo((row.input_tokens * GPT_4O_MINI.input + row.output_tokens * GPT_4O_MINI.output) / 1e6, 12);
  });
});

describe('a stream', () => {
  test('with the upstream’s usage: its counts; the first byte before the end', async () => {
    reply = () => ({ chunks: [chunk({ role: 'assistant', content: 'Hel' }), chunk({ content: 'lo' }, 'stop'), usageChunk(30, 5, 10), 'data: [DONE]\n\n'], chunkDelayMs: 5 });
    const response = await send('stream-usage', { stream: true });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const [row] = rowsOf('stream-usage');
    expect(row).toMatchObject({ streamed: 1, input_tokens: 20, cache_read_tokens: 10, output_tokens: 5, estimated: 0, status: 200, outcome: 'ok' });
    expect(row.ttft_ms).toBeGreaterThan(0);
    expect(row.ttft_ms!).toBeLessThan(row.latency_ms);
  });

  test('without usage: the text and tool input the converter emitted are counted once at the end', async () => {
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a.ts"}' } };
    reply = () => ({ chunks: [chunk({ role: 'assistant', content: 'Let me read ' }), chunk({ content: 'the file.' }), chunk({ tool_calls: [call] }, 'tool_calls'), 'data: [DONE]\n\n'] });
    await send('stream-estimated', { stream: true, tools: [{ name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }] });
    const [row] = rowsOf('stream-estimated');
    expect(row.estimated).toBe(1);
    expect(row.output_tokens).toBe(countTextTokens('Let me read the file.Read{"file_path":"/a.ts"}'));
    expect(row.input_tokens).toBeGreaterThan(countTextTokens('Say hello to the world'));
  });

  test('an Anthropic stream piped untouched: usage read by the scanner, cache reads included', async () => {
    await send('passthrough', { stream: true, model: 'claude,claude-opus-4-1' });
    const [row] = rowsOf('passthrough');
    expect(row).toMatchObject({ route: 'explicit', provider: 'claude', model: 'claude-opus-4-1', input_tokens: 2345, cache_read_tokens: 1800, output_tokens: 89, estimated: 0, streamed: 1 });
    expect(row.cost).toBeCloseTo((2345 * 15 + 89 * 75 + 1800 * 1.5) / 1e6, 12);
  });

  test('a stream that ends in an error event is recorded with that outcome', async () => {
    reply = () => ({ chunks: [chunk({ role: 'assistant', content: 'Hi' }), `data: ${JSON.stringify({ error: { message: 'upstream exploded' } })}\n\n`] });
    await send('stream-error', { stream: true });
    const [row] = rowsOf('stream-error');
    expect(row).toMatchObject({ status: 200, outcome: 'error', streamed: 1 });
    expect(row.error).toContain('upstream exploded');
  });
});

describe('failover and failures', () => {
  test('an answer after a failed target records one hop and the target that answered', async () => {
    reply = () => ({ json: chatCompletion('ok', { prompt: 5, completion: 1 }) });
    expect((await send('failover', { model: 'down,m' })).status).toBe(200);
    const [row] = rowsOf('failover');
    expect(row).toMatchObject({ route: 'explicit', provider: 'fake', model: 'gpt-4o-mini', hops: 1, status: 200, outcome: 'ok' });
  });

  test('every target failed: the last one tried, its hops and the status the client got', async () => {
    const app = await buildTestApp({
      Providers: [
        { name: 'down', api_base_url: `${down.url}/v1/chat/completions`, api_key: 'k', models: ['m'] },
        { name: 'down2', api_base_url: `${down.url}/v1/chat/completions`, api_key: 'k', models: ['m'] },
      ],
      Router: { default: 'down,m' },
      fallback: { default: ['down2,m'] },
    });
    const response = await app.handle(post('/v1/messages', body({ stream: true }), { 'x-session-id': 'all-down' }));
    expect(response.status).toBe(503);
    app.usage.recorder.flush();
    const [row] = app.usage.db.query('SELECT * FROM requests').all() as Row[];
    expect(row).toMatchObject({ session_id: 'all-down', route: 'default', provider: 'down2', model: 'm', hops: 1, status: 503, outcome: 'error', streamed: 1, input_tokens: 0, output_tokens: 0 });
    // `m` has no price: unpriced, not free.
    expect(row.cost).toBeNull();
    expect(row.error).toContain('answered 503');
  });

  test('a single target that fails is named, with no hops', async () => {
    const app = await buildTestApp({ Providers: [{ name: 'down', api_base_url: `${down.url}/v1/chat/completions`, api_key: 'k', models: ['m'] }], Router: { default: 'down,m' } });
    expect((await app.handle(post('/v1/messages', body()))).status).toBe(503);
    app.usage.recorder.flush();
    expect(app.usage.db.query('SELECT provider, model, hops, status, session_id FROM requests').all()).toEqual([
      { provider: 'down', model: 'm', hops: 0, status: 503, session_id: 'default' },
    ]);
  });

  test('a body refused before routing is recorded with its status and no provider', async () => {
    const response = await ccr.handle(post('/v1/messages', { model: 'x', messages: [] }, { 'x-session-id': 'refused' }));
    expect(response.status).toBe(400);
    const [row] = rowsOf('refused');
    expect(row).toMatchObject({ status: 400, outcome: 'error', provider: null, model: null, route: null, input_tokens: 0, cost: null });
    expect(row.error).toContain('max_tokens');
  });
});

describe('sessions', () => {
  test('x-session-id first, then Claude Code’s header, then metadata.user_id, then default', async () => {
    reply = () => ({ json: chatCompletion('ok', { prompt: 1, completion: 1 }) });
    const userId = JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: 'from-metadata' });
    const sessions = async (headers: Record<string, string>, metadata?: Record<string, string>) => {
      const before = (ccr.usage.db.query('SELECT MAX(id) AS id FROM requests').get() as { id: number | null }).id ?? 0;
      await (await ccr.handle(post('/v1/messages', body(metadata ? { metadata } : {}), headers))).text();
      ccr.usage.recorder.flush();
      return (ccr.usage.db.query('SELECT session_id FROM requests WHERE id > ?').get(before) as { session_id: string }).session_id;
    };
    expect(await sessions({ 'x-session-id': 'own', 'x-claude-code-session-id': 'cc' }, { user_id: userId })).toBe('own');
    expect(await sessions({ 'x-claude-code-session-id': 'cc' }, { user_id: userId })).toBe('cc');
    expect(await sessions({}, { user_id: userId })).toBe('from-metadata');
    expect(await sessions({})).toBe('default');
  });
});
