/** An Anthropic upstream: the body goes with the routed model, the stream comes back byte for byte. */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestApp, post } from '../support/ccr-app';
import { sseChunks, startBreakingUpstream, startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream';

const fixture = readFileSync(join(import.meta.dir, '../fixtures/anthropic/thinking-text-tool-use.sse'), 'utf8');
let reply: () => FakeReply = () => ({ json: {} });
let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  upstream = startFakeUpstream(() => reply());
  ccr = await buildTestApp({
    Providers: [{ name: 'claude', api_base_url: `${upstream.url}/v1/messages`, api_key: 'sk-ant-upstream', models: ['claude-opus-4-1'] }],
    Router: { default: 'claude,claude-opus-4-1' },
  });
});
afterAll(() => upstream.stop());

test('a stream is piped through byte for byte', async () => {
  reply = () => ({ chunks: sseChunks(fixture) });
  const response = await ccr.handle(
    post('/v1/messages?beta=true', { model: 'claude-sonnet-4-6', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }], some_new_field: { kept: true } }, {
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
      'anthropic-version': '2023-06-01',
    }),
  );
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  expect(await response.text()).toBe(fixture);
  const sent = upstream.requests.at(-1)!;
  expect(sent.body.model).toBe('claude-opus-4-1');
  expect(sent.body.some_new_field).toEqual({ kept: true });
  expect(sent.headers['x-api-key']).toBe('sk-ant-upstream');
  expect(sent.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
  expect(sent.headers['anthropic-version']).toBe('2023-06-01');
  expect(sent.path).toBe('/v1/messages?beta=true');
});

/** What Claude Code 2.1.332 sends on its first turn, trimmed: a system message after the user's prompt, new fields, new thinking. */
const claudeCodeTurn = {
  model: 'claude-opus-5-5',
  max_tokens: 128000,
  stream: true,
  thinking: { type: 'adaptive', display: 'omitted' },
  context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  output_config: { effort: 'medium' },
  system: [{ type: 'text', text: 'You are Claude Code.' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'say hello' }] },
    { role: 'system', content: [{ type: 'text', text: '# Environment' }] },
  ],
  tools: [{ name: 'DeferredToolPlaceholder', description: 'd', input_schema: { type: 'object' }, defer_loading: true }],
};

test('Anthropic itself (systemmessages keep): system messages, new fields and betas reach it untouched', async () => {
  const keeping = await buildTestApp({
    Providers: [{ name: 'claude', api_base_url: `${upstream.url}/v1/messages`, api_key: 'k', transformer: { use: [['systemmessages', { mode: 'keep' }]] } }],
    Router: { default: 'claude,claude-opus-4-1' },
  });
  reply = () => ({ chunks: sseChunks(fixture) });
  const response = await keeping.handle(post('/v1/messages?beta=true', claudeCodeTurn, { 'anthropic-beta': 'claude-code-20250219,effort-2025-11-24' }));
  // Still a byte pipe: the placement is data, not a hook.
  expect(await response.text()).toBe(fixture);
  const sent = upstream.requests.at(-1)!;
  expect(sent.body).toEqual({ ...claudeCodeTurn, model: 'claude-opus-4-1' });
  expect(sent.headers['anthropic-beta']).toBe('claude-code-20250219,effort-2025-11-24');
});

test('an Anthropic-compatible endpoint of another vendor gets the system message folded into the user turn', async () => {
  reply = () => ({ chunks: sseChunks(fixture) });
  await (await ccr.handle(post('/v1/messages', claudeCodeTurn))).text();
  const sent = upstream.requests.at(-1)!;
  expect(sent.body.messages).toEqual([
    { role: 'user', content: [{ type: 'text', text: 'say hello' }, { type: 'text', text: '<system-reminder>\n# Environment\n</system-reminder>' }] },
  ]);
  expect(sent.body.context_management).toEqual(claudeCodeTurn.context_management);
});

test('["anthropic", { "UseBearer": true }] sends the key as Bearer and still pipes bytes', async () => {
  const bearer = await buildTestApp({
    Providers: [{ name: 'kimi', api_base_url: `${upstream.url}/v1/messages`, api_key: 'sk-kimi', transformer: { use: [['anthropic', { UseBearer: true }]] } }],
    Router: { default: 'kimi,kimi-k2' },
  });
  reply = () => ({ chunks: sseChunks(fixture) });
  const response = await bearer.handle(post('/v1/messages', { model: 'x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }));
  expect(await response.text()).toBe(fixture);
  const sent = upstream.requests.at(-1)!;
  expect(sent.headers.authorization).toBe('Bearer sk-kimi');
  expect(sent.headers['x-api-key']).toBeUndefined();
});

test('a JSON answer is passed through unchanged', async () => {
  const answer = {
    id: 'msg_upstream',
    type: 'message',
    role: 'assistant',
    model: 'claude-opus-4-1',
    content: [{ type: 'text', text: 'hello' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 1 },
  };
  reply = () => ({ json: answer });
  const response = await ccr.handle(post('/v1/messages', { model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
  expect(await response.json()).toEqual(answer);
});

test('an Anthropic upstream that breaks mid-stream: the bytes so far, then an error event', async () => {
  const events = sseChunks(fixture);
  const breaking = startBreakingUpstream(events.slice(0, 3));
  const cut = await buildTestApp({ Providers: [{ name: 'claude', api_base_url: `${breaking.url}/v1/messages`, api_key: 'k' }], Router: { default: 'claude,m' } });
  const response = await cut.handle(post('/v1/messages', { model: 'x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }));
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text.startsWith(events.slice(0, 3).join(''))).toBe(true);
  expect(text).toContain('event: error');
  expect(text).toContain('broke off the stream');
  breaking.stop();
});
