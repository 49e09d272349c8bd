import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertAnthropicEventGrammar } from '../../../test/support/anthropic-grammar';
import { convertAtEverySplit, convertSseBytes, testContext } from '../../../test/support/convert-stream';
import { assembleMessage } from './assemble-message';
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
    expect(body.model).toBe('glm-4.6');
    expect(body.context_management).toEqual({ edits: [{ type: 'clear_tool_uses_20250919' }] });
    expect(body.some_future_field).toBe(42);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(body.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(body.max_tokens).toBe(1024);
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
    const converted = anthropicDialect.convertResponse(response, testContext());
    expect(converted.model).toBe('claude-sonnet-4-5');
    expect(converted.id).toBe('msg_1');
    expect(converted.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect([converted.stop_reason, converted.stop_sequence]).toEqual(['end_turn', null]);
    expect(converted.usage).toEqual({ input_tokens: 3, output_tokens: 1 });
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

describe('assembleMessage', () => {
  const start: StreamEvent = {
    type: 'message_start',
    message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 0 } },
  };
  const end: StreamEvent[] = [
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 3 } },
    { type: 'message_stop' },
  ];

  test('citations_delta adds the citation to its text block, in order', () => {
    const first = { type: 'char_location', cited_text: 'a', document_index: 0, start_char_index: 0, end_char_index: 1 };
    const second = { type: 'char_location', cited_text: 'b', document_index: 0, start_char_index: 1, end_char_index: 2 };
    const message = assembleMessage([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: first } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ab' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: second } },
      { type: 'content_block_stop', index: 0 },
      ...end,
    ]);
    expect(message.content).toEqual([{ type: 'text', text: 'ab', citations: [first, second] }]);
    expect(message.usage).toEqual({ input_tokens: 5, output_tokens: 3 });
  });

  test('an error event throws with its type and message instead of returning half a message', () => {
    expect(() => assembleMessage([start, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }])).toThrow(
      'stream ended with overloaded_error: Overloaded',
    );
  });

  test('tool input that is not a JSON object becomes {} with a warning, not an exception', () => {
    const warnings: string[] = [];
    const message = assembleMessage(
      [
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} } },
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"file_path": "/a' } },
        { type: 'content_block_stop', index: 0 },
        ...end,
      ],
      warnings,
    );
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }]);
    expect(warnings).toEqual(['tool call Read: arguments are not valid JSON, sent as {}: {"file_path": "/a']);
  });
});

describe('assertAnthropicEventGrammar (test support) enforces what clients rely on', () => {
  const start: StreamEvent = {
    type: 'message_start',
    message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
  };
  const finish = (stop_reason: 'end_turn' | 'tool_use'): StreamEvent[] => [
    { type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: 0 } },
    { type: 'message_stop' },
  ];

  test('a stream that opened a tool_use block must end with stop_reason tool_use', () => {
    const tool: StreamEvent[] = [
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} } },
      { type: 'content_block_stop', index: 0 },
    ];
    expect(() => assertAnthropicEventGrammar([start, ...tool, ...finish('end_turn')])).toThrow('stop_reason end_turn after a tool_use block');
    expect(() => assertAnthropicEventGrammar([start, ...tool, ...finish('tool_use')])).not.toThrow();
  });

  test('a thinking block must carry a signature_delta before its stop', () => {
    const open: StreamEvent = { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } };
    const stop: StreamEvent = { type: 'content_block_stop', index: 0 };
    const signature: StreamEvent = { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 's' } };
    expect(() => assertAnthropicEventGrammar([start, open, stop, ...finish('end_turn')])).toThrow('without a signature_delta');
    expect(() => assertAnthropicEventGrammar([start, open, signature, stop, ...finish('end_turn')])).not.toThrow();
  });
});
