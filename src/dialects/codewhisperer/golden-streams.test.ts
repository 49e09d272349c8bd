import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertAnthropicEventGrammar } from '../../../test/support/anthropic-grammar';
import { convertAtEverySplit, convertSseBytes, testContext } from '../../../test/support/convert-stream';
import { encodeEventStreamMessage, encodeFixture, type FixtureFrame } from '../../../test/support/event-stream';
import type { StreamEvent } from '../anthropic/types';
import type { Dialect } from '../types';
import { codewhispererDialect } from './index';

const FIXTURES = join(import.meta.dir, '../../../test/fixtures/codewhisperer');
const frames = (name: string): FixtureFrame[] => JSON.parse(readFileSync(join(FIXTURES, `${name}.events.json`), 'utf8'));
const expected = (name: string): StreamEvent[] => JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));
const dialect = codewhispererDialect as unknown as Dialect;
const ctx = () => testContext({ model: 'claude-sonnet-4.5' });

function run(input: FixtureFrame[], context = ctx()) {
  const events = convertSseBytes(dialect, encodeFixture(input), [], context);
  assertAnthropicEventGrammar(events);
  return events;
}
const textOf = (events: StreamEvent[], kind: 'text_delta' | 'thinking_delta') =>
  events
    .flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === kind ? [kind === 'text_delta' ? (event.delta as { text: string }).text : (event.delta as { thinking: string }).thinking] : []))
    .join('');
const messageDelta = (events: StreamEvent[]) => events.find((event) => event.type === 'message_delta') as Extract<StreamEvent, { type: 'message_delta' }>;

describe('codewhisperer golden streams (binary frames, every split, grammar, expected events)', () => {
  for (const name of [
    'text',
    'thinking-tool-use',
    'parallel-tool-uses',
    'metadata-usage',
    'reasoning-content',
    'throttling-exception',
    'mid-stream-exception',
    'content-length-exception',
  ]) {
    test(name, () => {
      const { events, mismatches } = convertAtEverySplit(dialect, encodeFixture(frames(name)), ctx);
      expect(mismatches).toEqual([]);
      // A stream whose first word is an error is that error alone (dispatch answers it as an HTTP error).
      if (events[0]?.type === 'error') expect(events).toHaveLength(1);
      else assertAnthropicEventGrammar(events);
      expect(events).toEqual(expected(name));
    });
  }
});

describe('codewhisperer stream regressions', () => {
  test('usage without metadata is estimated from the context percentage and says so', () => {
    const context = ctx();
    const events = run(frames('thinking-tool-use'), context);
    const { usage } = messageDelta(events);
    expect(usage.output_tokens).toBeGreaterThan(10);
    expect(usage.input_tokens).toBe(5000 - usage.output_tokens);
    expect(context.warnings.join()).toContain('usage estimated');
  });

  test('exact usage from metadataEvent wins, cache reads included', () => {
    expect(messageDelta(run(frames('metadata-usage'))).usage).toEqual({ input_tokens: 812, output_tokens: 64, cache_creation_input_tokens: 0, cache_read_input_tokens: 5000 });
  });

  test('a tool call with stopReason END_TURN still ends with tool_use', () => {
    const events = run([
      { event: 'toolUseEvent', payload: { name: 'Bash', toolUseId: 't1', input: '{}', stop: true } },
      { event: 'metadataEvent', payload: { stopReason: 'END_TURN' } },
    ]);
    expect(messageDelta(events).delta.stop_reason).toBe('tool_use');
  });

  test('a tool call the stream never stops is closed at the end', () => {
    const events = run([{ event: 'toolUseEvent', payload: { name: 'Bash', toolUseId: 't1', input: '{"command":' } }]);
    expect(events.filter((event) => event.type === 'content_block_stop')).toHaveLength(1);
    expect(messageDelta(events).delta.stop_reason).toBe('tool_use');
  });

  test('tool input sent as an object is one input_json_delta', () => {
    const events = run([{ event: 'toolUseEvent', payload: { name: 'Bash', toolUseId: 't1', input: { command: 'ls' }, stop: true } }]);
    expect(events).toContainEqual({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"command":"ls"}' } });
  });

  test('late fragments for a closed tool call are dropped with a warning', () => {
    const context = ctx();
    const events = run(
      [
        { event: 'toolUseEvent', payload: { name: 'Bash', toolUseId: 't1', input: '{}', stop: true } },
        { event: 'toolUseEvent', payload: { name: 'Bash', toolUseId: 't1', input: '{"x":1}' } },
      ],
      context,
    );
    expect(events.filter((event) => event.type === 'content_block_start')).toHaveLength(1);
    expect(context.warnings.join()).toContain('already closed');
  });

  test('an unsafe tool name comes back as the client\'s name', () => {
    const context = ctx();
    const longName = `mcp__${'very_long_server_name_'.repeat(4)}__do_it`;
    const safe = context.toolNames.toUpstream(longName);
    const events = run([{ event: 'toolUseEvent', payload: { name: safe, toolUseId: 't1', input: '{}', stop: true } }], context);
    expect(events.find((event) => event.type === 'content_block_start')).toMatchObject({ content_block: { name: longName } });
  });

  test('text that only mentions <thinking> later stays text', () => {
    const events = run([{ event: 'assistantResponseEvent', payload: { content: 'Use the <thinking> tag like <thinking>this</thinking>.' } }]);
    expect(textOf(events, 'text_delta')).toBe('Use the <thinking> tag like <thinking>this</thinking>.');
    expect(textOf(events, 'thinking_delta')).toBe('');
  });

  test('thinking cut off by the end of the answer is still a closed thinking block', () => {
    const events = run([{ event: 'assistantResponseEvent', payload: { content: '<thinking>half a thought' } }]);
    expect(textOf(events, 'thinking_delta')).toBe('half a thought');
  });

  test('thinking ended right before a tool call, with no blank line after the tag', () => {
    const events = run([
      { event: 'assistantResponseEvent', payload: { content: '<thinking>Plan.</thinking>' } },
      { event: 'toolUseEvent', payload: { name: 'Bash', toolUseId: 't1', input: '{}', stop: true } },
    ]);
    expect(events.filter((event) => event.type === 'content_block_start').map((event) => (event as { content_block: { type: string } }).content_block.type)).toEqual([
      'thinking',
      'tool_use',
    ]);
  });

  test('an empty frame payload and an unknown event type are not errors', () => {
    const context = ctx();
    const bytes = new Uint8Array([
      ...encodeEventStreamMessage({ ':message-type': 'event', ':event-type': 'followupPromptEvent' }, '{"followupPrompt":{"content":"x"}}'),
      ...encodeFixture([{ event: 'assistantResponseEvent', payload: { content: 'ok' } }]),
    ]);
    const events = convertSseBytes(dialect, bytes, [], context);
    assertAnthropicEventGrammar(events);
    expect(textOf(events, 'text_delta')).toBe('ok');
    expect(context.warnings.join()).toContain('followupPromptEvent');
  });

  test('an unmodeled error message (headers only) becomes an error event', () => {
    const events = convertSseBytes(dialect, encodeFixture([{ error: 'ThrottlingException', message: 'Rate exceeded' }]), [], ctx());
    expect(events).toEqual([{ type: 'error', error: { type: 'rate_limit_error', message: 'ThrottlingException: Rate exceeded' } }]);
  });

  test('a corrupt frame after some text ends the stream with an error event', () => {
    const good = encodeFixture([{ event: 'assistantResponseEvent', payload: { content: 'Hi' } }]);
    const bad = encodeFixture([{ event: 'assistantResponseEvent', payload: { content: 'there' } }]);
    bad[bad.length - 1] ^= 0xff;
    const events = convertSseBytes(dialect, new Uint8Array([...good, ...bad]), [], ctx());
    assertAnthropicEventGrammar(events);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('message CRC mismatch') } });
  });

  test('a body cut inside a frame ends with an error event', () => {
    const bytes = encodeFixture(frames('text'));
    const events = convertSseBytes(dialect, bytes.subarray(0, bytes.length - 3), [], ctx());
    assertAnthropicEventGrammar(events);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('ended inside a message') } });
  });

  test('a non-streamed answer assembles the same message', () => {
    const context = ctx();
    const decoded = frames('thinking-tool-use').flatMap((frame) => ('event' in frame ? [{ type: frame.event, payload: frame.payload }] : []));
    const message = codewhispererDialect.convertResponse(decoded as never, context);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(message.content[2]).toMatchObject({ type: 'tool_use', id: 'tooluse_Q1w2E3r4T5y6', name: 'Read', input: { file_path: '/repo/config.json' } });
    expect(message.stop_reason).toBe('tool_use');
  });
});
