/**
 * The Anthropic API grows every month and Claude Code follows within days: a role, a content block,
 * a thinking type, a tool type or a field that ccr does not know is never a 400 or a 500 from ccr.
 * The Anthropic pass-through forwards it; each converting dialect carries what it can and says in the
 * request's log line (`warnings`) what it dropped or rewrote.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import pino from 'pino';
import { loggerOptions } from '../../src/log';
import { buildTestApp, post } from '../support/ccr-app';
import { encodeTurn, type FakeDialect } from '../support/scripted-model';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

/** Everything in one request: tomorrow's role, block, thinking type, tool type and field. */
const fromTheFuture = {
  model: 'claude-opus-6',
  max_tokens: 1000,
  thinking: { type: 'turbo', budget_tokens: 5000 },
  reasoning_trace: { keep: true },
  tools: [
    { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
    { type: 'hologram_20270101', name: 'hologram' },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'hologram', frames: 3 }] },
    { role: 'critic', content: 'be kind' },
    { role: 'assistant', content: [{ type: 'text', text: 'hi' }, { type: 'memory_note', note: 'x' }] },
    { role: 'user', content: 'again' },
  ],
};

const lines: Array<Record<string, any>> = [];
const log = pino(loggerOptions('info'), { write: (line: string) => lines.push(JSON.parse(line)) });
let upstream: FakeUpstream;
let dialect: FakeDialect = 'openai';

beforeAll(() => {
  upstream = startFakeUpstream(() => encodeTurn(dialect, { kind: 'text', text: 'fine' }, false));
});
afterAll(() => upstream.stop());

async function send(provider: Record<string, unknown>): Promise<{ status: number; body: any; sent: any; warnings: string[] }> {
  const ccr = await buildTestApp({ Providers: [provider], Router: { default: `${provider.name},m` } }, { log });
  lines.length = 0;
  const response = await ccr.handle(post('/v1/messages', fromTheFuture));
  const body = await response.json();
  for (let i = 0; i < 50 && !lines.some((line) => line.msg === 'request'); i++) await Bun.sleep(2);
  const line = lines.find((entry) => entry.msg === 'request');
  return { status: response.status, body, sent: upstream.requests.at(-1)!.body, warnings: line?.warnings ?? [] };
}

describe('a request with a role, block, thinking type, tool type and field ccr does not know', () => {
  test('openai: answered; the unknown role speaks as the user, unknown blocks and the server tool are dropped with a warning each', async () => {
    dialect = 'openai';
    const { status, body, sent, warnings } = await send({ name: 'oa', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' });
    expect(status).toBe(200);
    expect(body.content).toEqual([{ type: 'text', text: 'fine' }]);
    expect(sent.messages.map((message: { role: string }) => message.role)).toEqual(['user', 'user', 'assistant', 'user']);
    expect(sent.messages[1].content).toBe('be kind');
    expect(sent.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(['Read']);
    expect(sent).not.toHaveProperty('reasoning_trace');
    expect(warnings).toEqual(
      expect.arrayContaining([
        'unknown block type hologram in a user message dropped',
        'message with unknown role "critic" sent as a user message',
        'unknown block type memory_note in an assistant message dropped',
        'tool hologram (hologram_20270101) skipped: Anthropic server tools have no OpenAI equivalent',
        'thinking type turbo ignored: unknown',
        'request field reasoning_trace not sent: no OpenAI equivalent',
      ]),
    );
  });

  test('gemini: answered; roles still alternate, unknown blocks dropped with a warning each', async () => {
    dialect = 'gemini';
    const { status, body, sent, warnings } = await send({ name: 'gm', api_base_url: `${upstream.url}/v1beta/models/`, api_key: 'k', transformer: { use: ['gemini'] } });
    expect(status).toBe(200);
    expect(body.content).toEqual([{ type: 'text', text: 'fine' }]);
    expect(sent.contents.map((content: { role: string }) => content.role)).toEqual(['user', 'model', 'user']);
    expect(JSON.stringify(sent.contents[0])).toContain('be kind');
    expect(sent.generationConfig.thinkingConfig).toBeUndefined();
    expect(warnings).toEqual(
      expect.arrayContaining([
        'gemini: unknown content block "hologram" was not sent',
        'gemini: message with unknown role "critic" sent as a user turn',
        'gemini: unknown content block "memory_note" was not sent',
        'gemini: server tool hologram_20270101 has no Gemini equivalent and was not sent',
        'gemini: thinking type "turbo" is unknown; the model\'s default applies',
      ]),
    );
  });

  test('kiro: answered; turns alternate, unknown blocks, the server tool and the field dropped with a warning each', async () => {
    dialect = 'kiro';
    const { status, body, sent, warnings } = await send({
      name: 'kr',
      api_base_url: `${upstream.url}/generateAssistantResponse`,
      transformer: { use: ['kiro'] },
      authentication: { type: 'bearer', credentials: { token: 'k' } },
    });
    expect(status).toBe(200);
    expect(body.content).toEqual([{ type: 'text', text: 'fine' }]);
    const state = sent.conversationState;
    expect(state.history.map((entry: object) => Object.keys(entry)[0])).toEqual(['userInputMessage', 'assistantResponseMessage']);
    expect(state.history[0].userInputMessage.content).toBe('hello\n\nbe kind');
    expect(state.currentMessage.userInputMessage.content).toBe('again');
    expect(state.currentMessage.userInputMessage.userInputMessageContext.tools.map((tool: { toolSpecification: { name: string } }) => tool.toolSpecification.name)).toEqual(['Read']);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'codewhisperer: unknown content block "hologram" was not sent',
        'codewhisperer: message with unknown role "critic" sent as a user turn',
        'codewhisperer: unknown content block "memory_note" was not sent',
        'codewhisperer: tool hologram (hologram_20270101) skipped: server tools have no CodeWhisperer equivalent',
        'codewhisperer: thinking type "turbo" ignored',
        'request field reasoning_trace not sent: no CodeWhisperer equivalent',
      ]),
    );
  });

  test('anthropic: forwarded as it came, but for the model', async () => {
    dialect = 'anthropic';
    const { status, body, sent } = await send({ name: 'an', api_base_url: `${upstream.url}/v1/messages`, api_key: 'k', transformer: { use: [['systemmessages', { mode: 'keep' }]] } });
    expect(status).toBe(200);
    expect(body.content).toEqual([{ type: 'text', text: 'fine' }]);
    expect(sent).toEqual({ ...fromTheFuture, model: 'm' });
  });
});
