import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertAnthropicEventGrammar } from '../../../test/support/anthropic-grammar';
import { convertAtEverySplit, convertSseBytes, testContext } from '../../../test/support/convert-stream';
import { anthropicDialect } from './index';
import type { MessageResponse, MessagesRequest, StreamEvent } from './types';

const FIXTURES = join(import.meta.dir, '../../../test/fixtures/anthropic');
const fixtureBytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const expectedEvents = (name: string): StreamEvent[] => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const encode = (text: string) => new TextEncoder().encode(text);

describe('anthropic endpoint', () => {
  const input = { baseUrl: 'https://api.deepseek.com/anthropic/v1/messages', model: 'deepseek-chat', stream: true, apiKey: 'sk-1' };

  test('uses api_base_url as the full URL, untouched', () => {
    expect(anthropicDialect.endpoint(input).url).toBe('https://api.deepseek.com/anthropic/v1/messages');
  });

  test('authenticates with x-api-key and sends anthropic-version by default', () => {
    expect(anthropicDialect.endpoint(input).headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'sk-1',
    });
  });

  test('authenticates with a Bearer token when the scheme says so, without x-api-key', () => {
    const headers = anthropicDialect.endpoint({ ...input, authScheme: 'bearer' }).headers;
    expect(headers.authorization).toBe('Bearer sk-1');
    expect(headers['x-api-key']).toBeUndefined();
  });
});

describe('anthropic convertRequest', () => {
  const request: MessagesRequest = {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'hi' }],
    thinking: { type: 'enabled', budget_tokens: 2048 },
    context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
    some_future_field: 42,
  };

  test('replaces the model with the routed one', () => {
    expect(anthropicDialect.convertRequest(request, testContext({ model: 'glm-4.6' })).model).toBe('glm-4.6');
  });

  test('unknown Anthropic fields reach the upstream (no field silently vanishes)', () => {
    const body = anthropicDialect.convertRequest(request, testContext({ model: 'glm-4.6' }));
    expect(body).toEqual({ ...request, model: 'glm-4.6' });
  });

  test('does not mutate the client request', () => {
    anthropicDialect.convertRequest(request, testContext({ model: 'glm-4.6' }));
    expect(request.model).toBe('claude-sonnet-4-5');
  });
});

describe('anthropic convertResponse', () => {
  test('reports the requested model and keeps everything else', () => {
    const response: MessageResponse = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'kimi-k2',
      content: [{ type: 'text', text: 'hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 1 },
    };
    expect(anthropicDialect.convertResponse(response, testContext())).toEqual({ ...response, model: 'claude-sonnet-4-5' });
  });
});

describe('anthropic readStreamData and readErrorMessage', () => {
  test('an error event becomes kind error with its type and message', () => {
    const read = anthropicDialect.readStreamData('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'error');
    expect(read).toEqual({ kind: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  test('an error type Anthropic does not document becomes api_error, message kept', () => {
    const read = anthropicDialect.readStreamData('{"type":"error","error":{"type":"weird_error","message":"boom"}}', 'error');
    expect(read).toEqual({ kind: 'error', error: { type: 'api_error', message: 'boom' } });
  });

  test('a stream payload that is not JSON becomes an error, not a crash', () => {
    expect(anthropicDialect.readStreamData('{oops', undefined).kind).toBe('error');
  });

  test('a stream payload that is JSON but not an object is an error too (was skipped), as in every dialect', () => {
    expect(anthropicDialect.readStreamData('"overloaded"', undefined)).toEqual({
      kind: 'error',
      error: { type: 'api_error', message: 'upstream sent a stream event that is not a JSON object: "overloaded"' },
    });
  });

  test('an ordinary event is a chunk', () => {
    expect(anthropicDialect.readStreamData('{"type":"ping"}', 'ping')).toEqual({ kind: 'chunk', chunk: { type: 'ping' } });
  });

  test('error body → error.message; anything else → raw text', () => {
    expect(anthropicDialect.readErrorMessage('{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too big"}}')).toBe(
      'max_tokens: too big',
    );
    expect(anthropicDialect.readErrorMessage('<html>502 Bad Gateway</html>')).toBe('<html>502 Bad Gateway</html>');
    expect(anthropicDialect.readErrorMessage('{"detail":"nope"}')).toBe('{"detail":"nope"}');
  });
});

describe('anthropic pass-through stream (golden)', () => {
  test('thinking, text and tool_use re-emitted unchanged at every split, model reported as requested', () => {
    const { events, mismatches } = convertAtEverySplit(anthropicDialect, fixtureBytes('thinking-text-tool-use.sse'));
    expect(mismatches).toEqual([]);
    assertAnthropicEventGrammar(events);
    expect(events).toEqual(expectedEvents('thinking-text-tool-use.expected.json'));
  });

  test('mid-stream error event ends the stream with that error', () => {
    const { events, mismatches } = convertAtEverySplit(anthropicDialect, fixtureBytes('overloaded-error.sse'));
    expect(mismatches).toEqual([]);
    assertAnthropicEventGrammar(events);
    expect(events).toEqual(expectedEvents('overloaded-error.expected.json'));
  });

  test('upstream cut off mid-block: end() closes the block and the message', () => {
    const text = readFileSync(join(FIXTURES, 'thinking-text-tool-use.sse'), 'utf8');
    const cutAt = text.indexOf('event: content_block_stop\ndata: {"type":"content_block_stop","index":1}');
    const events = convertSseBytes(anthropicDialect, encode(text.slice(0, cutAt)));
    assertAnthropicEventGrammar(events);
    expect(events.slice(-3)).toEqual([
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 0 } },
      { type: 'message_stop' },
    ]);
  });

  test('empty upstream stream still yields a complete message', () => {
    const events = convertSseBytes(anthropicDialect, encode(''));
    assertAnthropicEventGrammar(events);
    expect(events.map((event) => event.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  test('events after message_stop are not forwarded', () => {
    const converter = anthropicDialect.createStreamConverter(testContext());
    converter.push({ type: 'message_stop' });
    expect(converter.push({ type: 'ping' })).toEqual([]);
    expect(converter.end()).toEqual([]);
  });
});
