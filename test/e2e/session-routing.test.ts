/**
 * A session's real input tokens, as its provider reported them, route its next turn to longContext
 * even when the next request alone is short. The session is named by Claude Code's header or by its
 * `metadata.user_id`; ccr reads either only when a longContext route is configured.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { buildTestApp, post } from '../support/ccr-app';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

let promptTokens = 10;
let upstream: FakeUpstream;
beforeAll(() => {
  upstream = startFakeUpstream(() => ({
    json: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: 1, total_tokens: promptTokens + 1 },
    },
  }));
});
afterAll(() => upstream.stop());

const providers = () => [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k', models: ['small', 'big'] }];
const short = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], ...extra });

async function routeOf(ccr: Awaited<ReturnType<typeof buildTestApp>>, body: unknown, headers: Record<string, string> = {}): Promise<string | null> {
  const response = await ccr.handle(post('/v1/messages', body, headers));
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response.headers.get('x-ccr-route');
}

describe('session-aware longContext routing', () => {
  test("a turn after one that used more than the threshold goes to longContext, in that session only (header or metadata)", async () => {
    const ccr = await buildTestApp({ Providers: providers(), Router: { default: 'fake,small', longContext: 'fake,big', longContextThreshold: 1000 } });
    promptTokens = 5000;
    expect(await routeOf(ccr, short(), { 'x-claude-code-session-id': 'session-a' })).toBe('default; fake,small');
    expect(await routeOf(ccr, short({ metadata: { user_id: JSON.stringify({ device_id: 'd', session_id: 'session-b' }) } }))).toBe('default; fake,small');
    promptTokens = 10;
    expect(await routeOf(ccr, short(), { 'x-claude-code-session-id': 'session-a' })).toBe('longContext; fake,big');
    expect(await routeOf(ccr, short({ metadata: { user_id: JSON.stringify({ device_id: 'd', session_id: 'session-b' }) } }))).toBe('longContext; fake,big');
    expect(await routeOf(ccr, short(), { 'x-claude-code-session-id': 'session-c' })).toBe('default; fake,small');
    // The short turn's own usage is what the session remembers now.
    expect(await routeOf(ccr, short(), { 'x-claude-code-session-id': 'session-a' })).toBe('default; fake,small');
  });

  test('without a longContext route, nothing is remembered per session', async () => {
    const ccr = await buildTestApp({ Providers: providers(), Router: { default: 'fake,small' } });
    promptTokens = 5000;
    await routeOf(ccr, short(), { 'x-claude-code-session-id': 'session-a' });
    expect(ccr.deps.sessions.get('session-a')).toBeUndefined();
  });
});
