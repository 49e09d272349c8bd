/**
 * A Kiro / CodeWhisperer provider end to end: the official Anthropic SDK talks to ccr, ccr to a fake
 * CodeWhisperer server on 127.0.0.1 that answers in the AWS event-stream framing (fixtures under
 * test/fixtures/codewhisperer/), with the bearer token read from a Kiro token file and refreshed
 * against a fake auth endpoint.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiveState } from '../../src/state/live';
import { buildTestApp } from '../support/ccr-app';
import { codeWhispererError, codeWhispererFixture, codeWhispererReply } from '../support/fake-codewhisperer';
import { chatCompletion, startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream';
import { codeWhispererRuleViolations } from '../support/provider-rules';

let reply: (attempt: number) => FakeReply = () => ({ json: {} });
let upstream: FakeUpstream;
let auth: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;
let dir: string;
let tokenPath: string;
const PROFILE = 'arn:aws:codewhisperer:us-east-1:699475941385:profile/EHGA3GRVQMUK';

const tools: Anthropic.Tool[] = [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } }];

function writeToken(accessToken: string, minutesLeft = 60) {
  writeFileSync(
    tokenPath,
    JSON.stringify({ accessToken, refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + minutesLeft * 60_000).toISOString(), profileArn: PROFILE, authMethod: 'social', provider: 'Github', region: 'us-east-1' }),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccr-kiro-e2e-'));
  tokenPath = join(dir, 'kiro-auth-token.json');
  let attempts = 0;
  upstream = startFakeUpstream(() => reply(++attempts));
  auth = startFakeUpstream(() => ({ json: { accessToken: 'access-2', refreshToken: 'refresh-2', profileArn: PROFILE, expiresIn: 3600 } }));
  ccr = await buildTestApp({
    Providers: [
      {
        name: 'kiro',
        api_base_url: `${upstream.url}/generateAssistantResponse`,
        models: ['claude-sonnet-4.5'],
        transformer: { use: ['kiro'] },
        authentication: { type: 'bearer', credentials: { tokenPath, refreshUrl: `${auth.url}/refreshToken` } },
      },
    ],
    Router: { default: 'kiro,claude-sonnet-4.5' },
  });
});
afterAll(() => {
  upstream.stop();
  auth.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  // Each test starts with the credential in service: a throttled one rests (the resilience rules).
  ccr.deps.liveState = createLiveState();
  writeToken('access-1');
  upstream.requests.length = 0;
  auth.requests.length = 0;
});

test('a streamed answer with thinking and a tool call; the request is CodeWhisperer\'s, with the token file\'s bearer and profile', async () => {
  reply = () => codeWhispererReply(codeWhispererFixture('thinking-tool-use'));
  const message = await ccr
    .client()
    .messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1000, system: 'Be brief.', thinking: { type: 'enabled', budget_tokens: 4000 }, tools, messages: [{ role: 'user', content: 'Which port?' }] })
    .finalMessage();
  expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
  expect(message.content[0]).toMatchObject({ thinking: 'The user wants the port. I should read `</thinking>`-free config first.' });
  expect(message.content[2]).toMatchObject({ type: 'tool_use', id: 'tooluse_Q1w2E3r4T5y6', name: 'Read', input: { file_path: '/repo/config.json' } });
  expect(message.stop_reason).toBe('tool_use');
  expect(message.usage.input_tokens).toBeGreaterThan(4000);

  const sent = upstream.requests.at(-1)!;
  expect(sent.path).toBe('/generateAssistantResponse');
  expect(sent.headers.authorization).toBe('Bearer access-1');
  expect(sent.headers['content-type']).toBe('application/json');
  expect(sent.headers['x-amz-target']).toBeUndefined();
  expect(sent.body.profileArn).toBe(PROFILE);
  expect(codeWhispererRuleViolations(sent.body)).toEqual([]);
  expect(sent.body.conversationState.currentMessage.userInputMessage).toMatchObject({
    content: '<thinking_mode>enabled</thinking_mode><max_thinking_length>4000</max_thinking_length>\nBe brief.\n\nWhich port?',
    modelId: 'claude-sonnet-4.5',
    origin: 'AI_EDITOR',
  });

  // Next turn: the tool result goes back with its tool use in the history.
  reply = () => codeWhispererReply(codeWhispererFixture('text'));
  const toolUse = message.content[2] as Anthropic.ToolUseBlock;
  const next = await ccr.client().messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1000,
    tools,
    messages: [
      { role: 'user', content: 'Which port?' },
      { role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"PORT": 3456}' }] },
    ],
  });
  expect(next.content).toEqual([{ type: 'text', text: 'The port is 3456, set in config.json.' }] as Anthropic.ContentBlock[]);
  const body = upstream.requests.at(-1)!.body;
  expect(codeWhispererRuleViolations(body)).toEqual([]);
  expect(body.conversationState.history[1].assistantResponseMessage.toolUses).toEqual([{ toolUseId: 'tooluse_Q1w2E3r4T5y6', name: 'Read', input: { file_path: '/repo/config.json' } }]);
  expect(body.conversationState.currentMessage.userInputMessage.userInputMessageContext.toolResults).toEqual([
    { toolUseId: 'tooluse_Q1w2E3r4T5y6', content: [{ text: '{"PORT": 3456}' }], status: 'success' },
  ]);
});

test('a non-streamed request gets the event stream folded into one message, exact usage from metadata', async () => {
  reply = () => codeWhispererReply(codeWhispererFixture('metadata-usage'));
  const message = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Go on' }] });
  expect(message.content).toEqual([{ type: 'text', text: 'A long answer that stops' }] as Anthropic.ContentBlock[]);
  expect(message.stop_reason).toBe('max_tokens');
  expect(message.usage).toMatchObject({ input_tokens: 812, output_tokens: 64, cache_read_input_tokens: 5000 });
});

test('a throttling exception at the start of a 200 stream is a 429 before the first byte', async () => {
  reply = () => codeWhispererReply(codeWhispererFixture('throttling-exception'));
  const error = await ccr
    .client()
    .messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
    .finalMessage()
    .catch((caught) => caught);
  expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  expect(error.error.error).toMatchObject({ type: 'rate_limit_error', message: expect.stringContaining('ThrottlingException') });
});

test('input too long, in the stream or as a 400, says "prompt is too long"', async () => {
  reply = () => codeWhispererReply(codeWhispererFixture('content-length-exception'));
  const inStream = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught) => caught);
  expect(inStream).toBeInstanceOf(Anthropic.BadRequestError);
  expect(inStream.message).toContain('prompt is too long');

  reply = () => codeWhispererError(400, { message: 'Input is too long.', reason: 'CONTENT_LENGTH_EXCEEDS_THRESHOLD' });
  const asHttp = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught) => caught);
  expect(asHttp.status).toBe(400);
  expect(asHttp.message).toContain('prompt is too long: Input is too long.');
});

test('an error after the first text is an error event inside the stream', async () => {
  reply = () => codeWhispererReply(codeWhispererFixture('mid-stream-exception'));
  const response = await ccr.handle('http://ccr.test/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain('Partial answer');
  expect(text).toContain('event: error');
  expect(text).toContain('InternalServerException');
});

test('a refused bearer token is refreshed once and the request tried again; the new token is written back', async () => {
  reply = () =>
    upstream.requests.at(-1)!.headers.authorization === 'Bearer access-1'
      ? codeWhispererError(403, { message: 'The bearer token included in the request is invalid.', __type: 'AccessDeniedException' })
      : codeWhispererReply(codeWhispererFixture('text'));
  const message = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
  expect(message.content[0]).toMatchObject({ type: 'text' });
  expect(upstream.requests.map((request) => request.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
  expect(auth.requests).toHaveLength(1);
  expect(auth.requests[0].body).toEqual({ refreshToken: 'refresh-1' });
  expect(JSON.parse(readFileSync(tokenPath, 'utf8'))).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2', authMethod: 'social' });
});

test('a token about to expire is refreshed before the call', async () => {
  writeToken('access-old', 2);
  reply = () => codeWhispererReply(codeWhispererFixture('text'));
  await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
  expect(auth.requests).toHaveLength(1);
  expect(upstream.requests.at(-1)!.headers.authorization).toBe('Bearer access-2');
});

test('400 Improperly formed request is not retried; 403 suspended is a permission error', async () => {
  reply = () => codeWhispererError(400, { message: 'Improperly formed request.', reason: null });
  const bad = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught) => caught);
  expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
  expect(bad.message).toContain('Improperly formed request.');
  expect(upstream.requests).toHaveLength(1);

  reply = () => codeWhispererError(403, { message: 'Your account is temporarily suspended.', __type: 'AccessDeniedException' });
  const suspended = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught) => caught);
  expect(suspended).toBeInstanceOf(Anthropic.PermissionDeniedError);
  expect(auth.requests).toHaveLength(0);
});

test('402 monthly limit is a billing error, and the credential is set aside: the next request does not reach the service', async () => {
  reply = () => codeWhispererError(402, { message: 'You have reached the limit.', reason: 'MONTHLY_REQUEST_COUNT' });
  const first = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught) => caught);
  expect(first.status).toBe(402);
  expect(first.error.error.type).toBe('billing_error');
  const second = await ccr.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught) => caught);
  expect(second.status).toBe(402);
  expect(second.message).toContain('set aside until');
  expect(upstream.requests).toHaveLength(1);
});

test('a throttled Kiro stream fails over to the next target before the client sees a byte', async () => {
  const other = startFakeUpstream(() => ({ json: { id: 'c1', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'from the fallback' }, finish_reason: 'stop' }] } }));
  try {
    const withFallback = await buildTestApp({
      Providers: [
        { name: 'kiro', api_base_url: `${upstream.url}/generateAssistantResponse`, models: ['claude-sonnet-4.5'], transformer: { use: ['kiro'] }, authentication: { type: 'bearer', credentials: { token: 't' } } },
        { name: 'backup', api_base_url: `${other.url}/v1/chat/completions`, api_key: 'k', models: ['m'] },
      ],
      Router: { default: 'kiro,claude-sonnet-4.5' },
      fallback: { default: ['backup,m'] },
    });
    reply = () => codeWhispererReply(codeWhispererFixture('throttling-exception'));
    const message = await withFallback.client().messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
    expect(message.content.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual(['from the fallback']);
    expect(other.requests).toHaveLength(1);
  } finally {
    other.stop();
  }
});

test('several token files form a pool: a throttled account rests and the next one answers, the pool shown in /api/status', async () => {
  const second = join(dir, 'second-account.json');
  writeFileSync(
    second,
    JSON.stringify({ accessToken: 'access-b', refreshToken: 'refresh-b', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), profileArn: PROFILE, authMethod: 'social', provider: 'Github', region: 'us-east-1' }),
  );
  const pool = await buildTestApp({
    Providers: [
      {
        name: 'kiro',
        api_base_url: `${upstream.url}/generateAssistantResponse`,
        models: ['claude-sonnet-4.5'],
        transformer: { use: ['kiro'] },
        enable_rotation: false,
        authentication: { type: 'bearer', credentials: [{ tokenPath, refreshUrl: `${auth.url}/refreshToken` }, { tokenPath: second, refreshUrl: `${auth.url}/refreshToken` }] },
      },
    ],
    Router: { default: 'kiro,claude-sonnet-4.5' },
  });
  reply = () => codeWhispererReply(codeWhispererFixture(upstream.requests.at(-1)!.headers.authorization === 'Bearer access-1' ? 'throttling-exception' : 'thinking-tool-use'));
  const message = await pool.client().messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
  expect(message.stop_reason).toBe('tool_use');
  expect(upstream.requests.map((request) => request.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-b']);
  const status = (await (await pool.handle(new Request('http://ccr.test/api/status'))).json()) as { providers: Array<{ keys: Array<{ key: string; state: string }> }> };
  expect(status.providers[0].keys).toEqual([expect.objectContaining({ key: tokenPath, state: 'cooling' }), expect.objectContaining({ key: second, state: 'active' })]);
});

test('input too long, in the stream or as a 400, goes to the longContext route when there is one', async () => {
  const long = startFakeUpstream(() => ({ json: chatCompletion('from the long route') }));
  try {
    const withLongContext = await buildTestApp({
      Providers: [
        { name: 'kiro', api_base_url: `${upstream.url}/generateAssistantResponse`, models: ['claude-sonnet-4.5'], transformer: { use: ['kiro'] }, authentication: { type: 'bearer', credentials: { tokenPath } } },
        { name: 'long', api_base_url: `${long.url}/v1/chat/completions`, api_key: 'sk-long', models: ['big'] },
      ],
      Router: { default: 'kiro,claude-sonnet-4.5', longContext: 'long,big' },
    });
    for (const refusal of [
      () => codeWhispererReply(codeWhispererFixture('content-length-exception')),
      () => codeWhispererError(400, { message: 'Input is too long.', reason: 'CONTENT_LENGTH_EXCEEDS_THRESHOLD' }),
    ]) {
      reply = refusal;
      const message = await withLongContext.client().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
      expect(message.content).toMatchObject([{ type: 'text', text: 'from the long route' }]);
    }
    expect(long.requests).toHaveLength(2);
  } finally {
    long.stop();
  }
});
