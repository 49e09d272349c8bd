/**
 * Every request Claude Code was recorded sending (test/fixtures/claude-code/<version>/) goes through
 * validation, routing, token counting and every dialect's converter; each converted body must pass
 * the rules its provider enforces (test/support/provider-rules.ts).
 */
import { beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigValue } from '../../src/config/load';
import type { MessagesRequest } from '../../src/dialects/anthropic/types';
import { buildUpstreamCall } from '../../src/dispatch/build-call';
import { validateMessagesRequest } from '../../src/http/validate-request';
import { buildRuntime, type Runtime } from '../../src/runtime';
import { SESSION_HEADER, sessionIdOf } from '../../src/router/session';
import { countRequestTokens } from '../../src/tokens/count';
import { CLAUDE_CODE_VERSION } from '../support/claude-code';
import { anthropicRuleViolations, codeWhispererRuleViolations, geminiRuleViolations, openAIRuleViolations } from '../support/provider-rules';

interface Recorded {
  path: string;
  headers: Record<string, string>;
  body: MessagesRequest;
}

const folder = join(import.meta.dir, '../fixtures/claude-code', CLAUDE_CODE_VERSION);
const recorded: Array<[string, Recorded]> = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(folder, file), 'utf8'))]);

/** One provider per way a body can be written, each as a user would configure it. */
const config = {
  Providers: [
    { name: 'openai', api_base_url: 'https://api.openai.com/v1/chat/completions', api_key: 'k', models: ['gpt-4.1'], transformer: { use: ['openai'] } },
    { name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: 'k', models: ['deepseek-reasoner'], transformer: { use: ['deepseek'] } },
    { name: 'openrouter', api_base_url: 'https://openrouter.ai/api/v1/chat/completions', api_key: 'k', models: ['anthropic/claude-sonnet-4.5'], transformer: { use: ['openrouter'] } },
    { name: 'ollama', api_base_url: 'http://localhost:11434/v1/chat/completions', api_key: '', models: ['qwen3.6'], transformer: { use: ['ollama'] } },
    { name: 'gemini', api_base_url: 'https://generativelanguage.googleapis.com/v1beta/models/', api_key: 'k', models: ['gemini-2.5-pro'], transformer: { use: ['gemini'] } },
    { name: 'anthropic', api_base_url: 'https://api.anthropic.com/v1/messages', api_key: 'k', models: ['claude-opus-4-8'] },
    { name: 'kimi', api_base_url: 'https://api.moonshot.ai/anthropic/v1/messages', api_key: 'k', models: ['kimi-k2'] },
    { name: 'kiro', api_base_url: 'https://q.us-east-1.amazonaws.com/generateAssistantResponse', models: ['claude-sonnet-4.5'], transformer: { use: ['kiro'] }, authentication: { type: 'bearer', credentials: { token: 'k' } } },
  ],
  Router: { default: 'deepseek,deepseek-reasoner', longContextThreshold: 200000 },
};

let runtime: Runtime;
beforeAll(async () => {
  runtime = await buildRuntime(loadConfigValue(config, { path: undefined, baseDir: process.cwd(), env: {} }));
});

function convert(provider: string, model: string, { body, path, headers }: Recorded) {
  const client = { url: `http://ccr.test${path}`, headers: new Headers(headers) };
  const call = buildUpstreamCall({ request: body, provider: runtime.providers.get(provider)!, model, apiKey: 'k', generateId: (prefix) => `${prefix}_1`, client });
  return { call, sent: JSON.parse(call.body) };
}

test('the fixtures hold what Claude Code sends today: system messages inside messages, adaptive thinking, new fields', () => {
  expect(recorded.length).toBeGreaterThanOrEqual(3);
  const first = recorded[0][1];
  expect(first.path).toBe('/v1/messages?beta=true');
  expect(first.body.messages.map((message) => message.role)).toEqual(['user', 'system']);
  expect(first.body.thinking).toEqual({ type: 'adaptive', display: 'omitted' });
  expect(first.body).toHaveProperty('context_management');
  expect(first.body).toHaveProperty('output_config');
  expect(first.headers['x-claude-code-session-id']).toBeTruthy();
  expect(first.body.tools!.some((tool) => (tool as { defer_loading?: boolean }).defer_loading === true)).toBe(true);
});

describe.each(recorded)('%s', (_file, request) => {
  test.each([
    ['openai', 'gpt-4.1'],
    ['deepseek', 'deepseek-reasoner'],
    ['openrouter', 'anthropic/claude-sonnet-4.5'],
    ['ollama', 'qwen3.6'],
    ['gemini', 'gemini-2.5-pro'],
    ['kiro', 'claude-sonnet-4.5'],
  ])("%s: Anthropic's betas and ?beta=true stay with Anthropic-dialect upstreams", (provider, model) => {
    expect(request.path).toContain('beta=true');
    const { call } = convert(provider, model, request);
    expect(call.url).not.toContain('beta=true');
    expect(Object.keys(call.headers).map((name) => name.toLowerCase())).not.toContain('anthropic-beta');
  });

  test('passes validation', () => {
    expect(() => validateMessagesRequest(structuredClone(request.body) as never)).not.toThrow();
  });

  test('count_tokens counts the system messages where they stand', () => {
    const withoutSystem = { ...request.body, messages: request.body.messages.filter((message) => message.role !== 'system') };
    expect(countRequestTokens(request.body)).toBeGreaterThan(countRequestTokens(withoutSystem));
  });

  test('the session comes from x-claude-code-session-id, and metadata.user_id names the same one', () => {
    expect(sessionIdOf(request.body, request.headers[SESSION_HEADER])).toBe('00000000-0000-4000-8000-000000000000');
    expect(sessionIdOf(request.body, null)).toBe('00000000-0000-4000-8000-000000000000');
  });

  test('routes to the default route', async () => {
    const decision = await runtime.router.route(request.body, { headers: {}, config, random: () => 0 });
    expect(decision.category).toBe('default');
    expect(decision.targets[0]).toMatchObject({ provider: 'deepseek', model: 'deepseek-reasoner' });
  });

  test('openai (OpenAI itself): valid Chat Completions, system messages kept where they stand', () => {
    const { sent, call } = convert('openai', 'gpt-4.1', request);
    expect(openAIRuleViolations(sent)).toEqual([]);
    expect(sent.messages.slice(1).some((message: { role: string }) => message.role === 'system')).toBe(true);
    expect(call.cctx.warnings.filter((warning) => warning.includes('role'))).toEqual([]);
  });

  test.each([
    ['deepseek', 'deepseek-reasoner'],
    ['openrouter', 'anthropic/claude-sonnet-4.5'],
    ['ollama', 'qwen3.6'],
  ])('%s: valid Chat Completions with a system message only first, the environment block inside a user turn', (provider, model) => {
    const { sent } = convert(provider, model, request);
    expect(openAIRuleViolations(sent, { systemOnlyFirst: true })).toEqual([]);
    const userTexts = JSON.stringify(sent.messages.filter((message: { role: string }) => message.role === 'user'));
    expect(userTexts).toContain('<system-reminder>\\n# Environment');
  });

  test('gemini: roles alternate, every call answered, schemas made of keywords Gemini accepts', () => {
    const { sent } = convert('gemini', 'gemini-2.5-pro', request);
    expect(geminiRuleViolations(sent)).toEqual([]);
    expect(JSON.stringify(sent.contents)).toContain('# Environment');
    expect(sent.systemInstruction.parts.length).toBeGreaterThan(0);
  });

  test('anthropic (Anthropic itself): forwarded untouched but for the model, ?beta=true and the betas kept', () => {
    const { sent, call } = convert('anthropic', 'claude-opus-4-8', request);
    expect(sent).toEqual({ ...request.body, model: 'claude-opus-4-8' });
    expect(anthropicRuleViolations(sent, { systemMessages: true })).toEqual([]);
    expect(call.url).toBe('https://api.anthropic.com/v1/messages?beta=true');
    expect(call.headers['anthropic-beta']).toBe(request.headers['anthropic-beta']);
  });

  test('kiro (CodeWhisperer): history alternates, every tool use answered, names and descriptions within limits, the environment block in a user turn', () => {
    const { sent, call } = convert('kiro', 'claude-sonnet-4.5', request);
    expect(codeWhispererRuleViolations(sent)).toEqual([]);
    const state = sent.conversationState;
    const userTexts = JSON.stringify([...(state.history ?? []), state.currentMessage].filter((entry: { userInputMessage?: unknown }) => entry.userInputMessage));
    expect(userTexts).toContain('<system-reminder>\\n# Environment');
    expect(userTexts).toContain('<thinking_mode>adaptive</thinking_mode><thinking_effort>');
    expect(state.currentMessage.userInputMessage.userInputMessageContext.tools.length).toBe(request.body.tools!.length);
    expect(call.headers.authorization).toBe('Bearer k');
    expect(call.cctx.warnings.filter((warning) => warning.includes('role'))).toEqual([]);
  });

  test('an Anthropic-compatible endpoint of another vendor: no system message left in messages, all else kept', () => {
    const { sent } = convert('kimi', 'kimi-k2', request);
    expect(anthropicRuleViolations(sent, { systemMessages: false })).toEqual([]);
    expect(sent.context_management).toEqual(request.body.context_management);
    expect(sent.tools).toEqual(request.body.tools);
  });
});

test('a subagent tag inside a system message routes the request, and is removed before it is sent', async () => {
  const request = structuredClone(recorded[0][1].body);
  const system = request.messages.find((message) => message.role === 'system')!;
  system.content = [{ type: 'text', text: '<CCR-SUBAGENT-MODEL>gemini,gemini-2.5-pro</CCR-SUBAGENT-MODEL>Environment' }];
  const decision = await runtime.router.route(request, { headers: {}, config, random: () => 0 });
  expect(decision.targets[0]).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-pro' });
  expect(JSON.stringify(decision.request)).not.toContain('CCR-SUBAGENT-MODEL');
});
