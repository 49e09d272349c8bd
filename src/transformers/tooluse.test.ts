import { describe, expect, test } from 'bun:test';
import { assertAnthropicEventGrammar } from '../../test/support/anthropic-grammar';
import type { MessageResponse } from '../dialects/anthropic/types';
import { block, blockTexts, messageEnd, messageStart, runStream } from './stream-test-helpers';
import { anthropicRequest, transformerContext } from './test-context';
import { EXIT_TOOL_NAME, tooluse } from './tooluse';

const readTool = { name: 'Read', input_schema: { type: 'object', properties: { file: { type: 'string' } } } };

function response(content: MessageResponse['content'], stop_reason: MessageResponse['stop_reason']): MessageResponse {
  return { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content, stop_reason, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
}

describe('tooluse (request)', () => {
  const hooks = tooluse.create({});

  test('forces a tool call and offers ExitTool when tools exist', () => {
    const out = hooks.request!(anthropicRequest({ system: 'be brief', tools: [readTool] }), transformerContext());
    expect(out.tool_choice).toEqual({ type: 'any' });
    expect(out.tools!.map((tool) => tool.name)).toEqual(['Read', EXIT_TOOL_NAME]);
    expect(out.system).toStartWith('be brief\n\n');
    expect(out.system).toContain(EXIT_TOOL_NAME);
  });

  test('leaves requests without tools, or with a tool choice the client made, alone', () => {
    const noTools = anthropicRequest();
    expect(hooks.request!(noTools, transformerContext())).toBe(noTools);
    const chosen = anthropicRequest({ tools: [readTool], tool_choice: { type: 'tool', name: 'Read' } });
    expect(hooks.request!(chosen, transformerContext())).toBe(chosen);
  });
});

describe('tooluse (response)', () => {
  const hooks = tooluse.create({});

  test('an ExitTool call becomes the text answer and the turn ends', () => {
    const out = hooks.response!(
      response([{ type: 'tool_use', id: 'toolu_1', name: EXIT_TOOL_NAME, input: { response: 'All done.' } }], 'tool_use'),
      transformerContext(),
    );
    expect(out.content).toEqual([{ type: 'text', text: 'All done.' }]);
    expect(out.stop_reason).toBe('end_turn');
  });

  test('a real tool call is kept, with stop_reason tool_use', () => {
    const original = response([{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file: 'a' } }], 'tool_use');
    expect(hooks.response!(original, transformerContext())).toBe(original);
  });
});

describe('tooluse (stream)', () => {
  /** The context dispatch gives stream hooks: the request as tooluse's request hook left it, ExitTool added. */
  const withExitTool = () => transformerContext({ request: tooluse.create({}).request!(anthropicRequest({ tools: [readTool] }), transformerContext()) });

  test('adds no stream stage when the request hook did not add ExitTool', () => {
    expect(tooluse.create({}).stream!(transformerContext({ request: anthropicRequest() }))).toEqual({});
  });

  test('an ExitTool call beside another tool call becomes text, and the turn keeps stop_reason tool_use', () => {
    const events = runStream(
      tooluse.create({}),
      [
        messageStart,
        ...block(0, { type: 'tool_use', id: 'toolu_1', name: EXIT_TOOL_NAME, input: {} }, [{ type: 'input_json_delta', partial_json: '{"response": "Reading."}' }]),
        ...block(1, { type: 'tool_use', id: 'toolu_2', name: 'Read', input: {} }, [{ type: 'input_json_delta', partial_json: '{"file":"a.ts"}' }]),
        ...messageEnd('tool_use'),
      ],
      withExitTool(),
    );
    assertAnthropicEventGrammar(events);
    expect(blockTexts(events)).toEqual([['text', 'Reading.'], ['tool_use', '{"file":"a.ts"}']]);
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('tool_use');
  });

  test('round trip: the ExitTool block streams out as one text block and end_turn', () => {
    const events = runStream(
      tooluse.create({}),
      [
        messageStart,
        ...block(0, { type: 'tool_use', id: 'toolu_1', name: EXIT_TOOL_NAME, input: {} }, [
          { type: 'input_json_delta', partial_json: '{"respo' },
          { type: 'input_json_delta', partial_json: 'nse": "Hello ' },
          { type: 'input_json_delta', partial_json: 'there."}' },
        ]),
        ...messageEnd('tool_use'),
      ],
      withExitTool(),
    );
    assertAnthropicEventGrammar(events);
    expect(blockTexts(events)).toEqual([['text', 'Hello there.']]);
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('end_turn');
  });

  test('other tool calls stream through and keep stop_reason tool_use', () => {
    const events = runStream(
      tooluse.create({}),
      [messageStart, ...block(0, { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }, [{ type: 'input_json_delta', partial_json: '{}' }]), ...messageEnd('tool_use')],
      withExitTool(),
    );
    assertAnthropicEventGrammar(events);
    expect(blockTexts(events)).toEqual([['tool_use', '{}']]);
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('tool_use');
  });
});
