import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertAnthropicEventGrammar } from '../../../test/support/anthropic-grammar';
import { convertAtEverySplit, convertSseBytes, testContext } from '../../../test/support/convert-stream';
import type { StreamEvent } from '../anthropic/types';
import { geminiDialect } from './index';
import type { GeminiResponse } from './types';

const FIXTURES = join(import.meta.dir, '../../../test/fixtures/gemini');
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const json = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const sse = (...chunks: unknown[]) => new TextEncoder().encode(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join(''));
const run = (...chunks: GeminiResponse[]) => {
  const events = convertSseBytes(geminiDialect, sse(...chunks));
  assertAnthropicEventGrammar(events);
  return events;
};
const stopReason = (events: StreamEvent[]) => events.find((event) => event.type === 'message_delta');

describe('gemini golden streams (every split, grammar, expected events)', () => {
  for (const name of ['text', 'thinking-function-call', 'parallel-function-calls', 'max-tokens', 'safety', 'empty-text-signature', 'overloaded-error']) {
    test(name, () => {
      const { events, mismatches } = convertAtEverySplit(geminiDialect, bytes(`${name}.sse`));
      expect(mismatches).toEqual([]);
      assertAnthropicEventGrammar(events);
      expect(events).toEqual(json<StreamEvent[]>(`${name}.expected.json`));
    });
  }
});

describe('gemini stream regressions', () => {
  test('function call with finishReason STOP in the same chunk still ends with stop_reason tool_use', () => {
    const events = run({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'Bash', args: { command: 'ls' } } }] }, finishReason: 'STOP' }] });
    expect(stopReason(events)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  test('usage arriving in a chunk after finishReason is the usage reported', () => {
    const events = run(
      { candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }] },
      { usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 3, thoughtsTokenCount: 4 } },
    );
    expect(stopReason(events)).toMatchObject({ usage: { input_tokens: 10, output_tokens: 7 } });
  });

  test('stream that ends without finishReason closes the open block and the message', () => {
    const events = run({ candidates: [{ content: { role: 'model', parts: [{ text: 'cut', thought: true }] } }] });
    expect(events.map((event) => event.type)).toEqual([
      'message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(stopReason(events)).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  test('chunk with an empty candidates list produces no block', () => {
    const events = run({ candidates: [] }, { candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] });
    expect(events.filter((event) => event.type === 'content_block_start')).toHaveLength(1);
  });

  test('thought and text in one chunk never interleave', () => {
    const events = run({ candidates: [{ content: { role: 'model', parts: [{ text: 'think', thought: true }, { text: 'say' }, { text: 'more think', thought: true }] } }] });
    expect(events.filter((event) => event.type === 'content_block_start').map((event) => (event as { content_block: { type: string } }).content_block.type)).toEqual([
      'thinking', 'text', 'thinking',
    ]);
  });

  test('prompt blocked by promptFeedback becomes a refusal with the reason in a text block', () => {
    const events = run({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5 } });
    expect(stopReason(events)).toMatchObject({ delta: { stop_reason: 'refusal' } });
    expect(JSON.stringify(events)).toContain('blockReason: SAFETY');
  });

  test('an unsafe tool name comes back as the client\'s name', () => {
    const ctx = testContext();
    const longName = `mcp__${'very_long_server_name_'.repeat(4)}__do_it`;
    const safe = ctx.toolNames.toUpstream(longName);
    const events = convertSseBytes(geminiDialect, sse({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: safe, args: {} } }] } }] }), [], ctx);
    expect(events.find((event) => event.type === 'content_block_start')).toMatchObject({ content_block: { name: longName } });
  });

  test('mid-stream error chunk becomes an Anthropic error event', () => {
    expect(geminiDialect.readStreamData('{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}', undefined)).toEqual({
      kind: 'error',
      error: { type: 'rate_limit_error', message: 'Resource exhausted' },
    });
  });

  test.each([
    [413, 'request_too_large'],
    [529, 'overloaded_error'],
    [409, 'invalid_request_error'],
    [500, 'api_error'],
  ] as const)('an error with only an HTTP code %p (no status name) has type %p, as ccr\'s own errors would', (code, type) => {
    expect(geminiDialect.readStreamData(JSON.stringify({ error: { code, message: 'm' } }), undefined)).toEqual({ kind: 'error', error: { type, message: 'm' } });
  });

  test('a stream payload that is JSON but not an object is an error (was skipped); a blank one is skipped', () => {
    expect(geminiDialect.readStreamData('[1]', undefined).kind).toBe('error');
    expect(geminiDialect.readStreamData(' ', undefined)).toEqual({ kind: 'skip' });
  });

  test('readErrorMessage reads Google errors, plain and wrapped in an array; raw text otherwise', () => {
    const body = '{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}';
    expect(geminiDialect.readErrorMessage(body)).toBe('API key not valid. Please pass a valid API key.');
    expect(geminiDialect.readErrorMessage(`[${body}]`)).toBe('API key not valid. Please pass a valid API key.');
    expect(geminiDialect.readErrorMessage('upstream connect error')).toBe('upstream connect error');
  });
});

describe('gemini convertResponse (non-streaming)', () => {
  test('thought, text and a signed function call; usage with cache and thoughts', () => {
    const message = geminiDialect.convertResponse(json('generate-content-function-call.json'), testContext());
    expect(message).toEqual({
      id: 'msg_test0001',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: '**Planning**\n\nI need the file list first.', signature: 'ccr-gemini:{}' },
        { type: 'text', text: "I'll list the directory." },
        { type: 'thinking', thinking: '', signature: 'ccr-gemini:{"next":"CrQBAXLI2nyNONSTREAMsig=="}' },
        { type: 'tool_use', id: 'toolu_test0001', name: 'LS', input: { path: '/repo' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 1024, output_tokens: 340, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 },
    });
  });

  test('blocked prompt becomes a refusal', () => {
    const message = geminiDialect.convertResponse(json('prompt-blocked.json'), testContext());
    expect(message.stop_reason).toBe('refusal');
    expect(message.content).toEqual([{ type: 'text', text: 'Gemini blocked the prompt (blockReason: PROHIBITED_CONTENT).' }]);
  });

  test.each([
    ['STOP', 'end_turn'],
    ['MAX_TOKENS', 'max_tokens'],
    ['SAFETY', 'refusal'],
    ['RECITATION', 'refusal'],
    ['BLOCKLIST', 'refusal'],
    ['PROHIBITED_CONTENT', 'refusal'],
    ['SPII', 'refusal'],
    ['MALFORMED_FUNCTION_CALL', 'end_turn'],
    ['SOMETHING_NEW', 'end_turn'],
  ])('finishReason %s → %s', (finishReason, expected) => {
    const message = geminiDialect.convertResponse({ candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason }] }, testContext());
    expect(message.stop_reason).toBe(expected as never);
  });
});
