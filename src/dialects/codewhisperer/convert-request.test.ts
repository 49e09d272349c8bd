import { describe, expect, test } from 'bun:test';
import { testContext } from '../../../test/support/convert-stream';
import { codeWhispererRuleViolations } from '../../../test/support/provider-rules';
import type { MessagesRequest, Tool } from '../anthropic/types';
import type { ConversionContext } from '../types';
import { convertAnthropicToCodeWhisperer } from './convert-request';
import { MAX_TOOL_DESCRIPTION_LENGTH } from './convert-tools';

const PNG = 'iVBORw0KGgo=';

function convert(request: Partial<MessagesRequest>, ctx: ConversionContext = testContext({ model: 'claude-sonnet-4.5', systemMessages: 'user' })) {
  const body = convertAnthropicToCodeWhisperer({ model: 'claude-sonnet-4-5', max_tokens: 1000, messages: [], ...request } as MessagesRequest, ctx);
  const json = JSON.parse(JSON.stringify(body));
  return { body: json, state: json.conversationState, warnings: ctx.warnings, violations: codeWhispererRuleViolations(json) };
}

const readTool: Tool = { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } };

describe('convertAnthropicToCodeWhisperer', () => {
  test('one user turn: the system prompt opens the current message, no history, every field the service needs', () => {
    const { state, violations, body } = convert({ system: [{ type: 'text', text: 'You are terse.' }], messages: [{ role: 'user', content: 'Hi' }] });
    expect(violations).toEqual([]);
    expect(body.profileArn).toBeUndefined();
    expect(state).toEqual({
      chatTriggerType: 'MANUAL',
      conversationId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
      agentTaskType: 'vibe',
      currentMessage: { userInputMessage: { content: 'You are terse.\n\nHi', modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' } },
    });
  });

  test('thinking: enabled sends the clamped length tags, adaptive the effort from output_config', () => {
    const enabled = convert({ system: 'S', thinking: { type: 'enabled', budget_tokens: 64000 }, messages: [{ role: 'user', content: 'Hi' }] });
    expect(enabled.state.currentMessage.userInputMessage.content).toBe('<thinking_mode>enabled</thinking_mode><max_thinking_length>24576</max_thinking_length>\nS\n\nHi');
    expect(enabled.warnings.join()).toContain('24576');
    const adaptive = convert({ thinking: { type: 'adaptive' }, output_config: { effort: 'medium' }, messages: [{ role: 'user', content: 'Hi' }] });
    expect(adaptive.state.currentMessage.userInputMessage.content).toBe('<thinking_mode>adaptive</thinking_mode><thinking_effort>medium</thinking_effort>\n\nHi');
    expect(adaptive.warnings).toEqual([]);
    expect(convert({ thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'Hi' }] }).state.currentMessage.userInputMessage.content).toBe('Hi');
  });

  test('a tool loop: history alternates, past thinking in tags, results with status on the current message, tools there only', () => {
    const { state, violations } = convert({
      system: 'S',
      tools: [readTool],
      messages: [
        { role: 'user', content: 'Read it' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the file.', signature: 'sig' },
            { type: 'text', text: 'Reading.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
            { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { file_path: '/b' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'A' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'no such file' }], is_error: true },
          ],
        },
      ],
    });
    expect(violations).toEqual([]);
    expect(state.history).toEqual([
      { userInputMessage: { content: 'S\n\nRead it', modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' } },
      {
        assistantResponseMessage: {
          content: '<thinking>Need the file.</thinking>\n\nReading.',
          toolUses: [
            { toolUseId: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
            { toolUseId: 'toolu_2', name: 'Read', input: { file_path: '/b' } },
          ],
        },
      },
    ]);
    expect(state.currentMessage.userInputMessage).toEqual({
      content: 'Tool results provided.',
      modelId: 'claude-sonnet-4.5',
      origin: 'AI_EDITOR',
      userInputMessageContext: {
        toolResults: [
          { toolUseId: 'toolu_1', content: [{ text: 'A' }], status: 'success' },
          { toolUseId: 'toolu_2', content: [{ text: 'no such file' }], status: 'error' },
        ],
        tools: [{ toolSpecification: { name: 'Read', description: 'Read a file', inputSchema: { json: readTool.input_schema } } }],
      },
    });
  });

  test('consecutive turns of one role are merged', () => {
    const { state, violations } = convert({
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'three' },
      ],
    });
    expect(violations).toEqual([]);
    expect(state.history.map((entry: any) => entry.userInputMessage?.content ?? entry.assistantResponseMessage.content)).toEqual(['one\n\ntwo', 'a\n\nb']);
  });

  test('a tool use never answered, and a result answering nothing, become text, with warnings', () => {
    const { state, violations, warnings } = convert({
      tools: [readTool],
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_lost', name: 'Read', input: { file_path: '/x' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_other', content: 'stray' }, { type: 'text', text: 'next' }] },
      ],
    });
    expect(violations).toEqual([]);
    expect(state.history[1].assistantResponseMessage).toEqual({ content: '[tool call Read: {"file_path":"/x"}]' });
    expect(state.currentMessage.userInputMessage.content).toBe('next\n\n[tool result toolu_other]\nstray');
    expect(state.currentMessage.userInputMessage.userInputMessageContext.toolResults).toBeUndefined();
    expect(warnings.filter((warning) => warning.includes('toolu_'))).toHaveLength(2);
  });

  test('a repeated tool use id keeps its first use only', () => {
    const { violations, warnings } = convert({
      tools: [readTool],
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: '1' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: '2' }] },
      ],
    });
    expect(violations).toEqual([]);
    expect(warnings.join('\n')).toContain('used before');
  });

  test('an assistant prefill goes to the history and the current message says Continue', () => {
    const { state, violations, warnings } = convert({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '{' }] });
    expect(violations).toEqual([]);
    expect(state.history.at(-1)).toEqual({ assistantResponseMessage: { content: '{' } });
    expect(state.currentMessage.userInputMessage.content).toBe('Continue');
    expect(warnings.join()).toContain('prefill');
  });

  test('a conversation that opens with the assistant gets a user turn first', () => {
    const { state, violations } = convert({ system: 'S', messages: [{ role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Hi' }] });
    expect(violations).toEqual([]);
    expect(state.history[0]).toEqual({ userInputMessage: { content: 'S', modelId: 'claude-sonnet-4.5', origin: 'AI_EDITOR' } });
  });

  test('tool names past 64 characters are mapped and come back; descriptions cut; empty descriptions named; server tools skipped', () => {
    const ctx = testContext({ model: 'm', systemMessages: 'user' });
    const longName = `mcp__${'server_with_a_long_name_'.repeat(3)}__query`;
    const { state, violations, warnings } = convert(
      {
        tools: [
          { name: longName, description: 'x'.repeat(20000), input_schema: { type: 'object', properties: {} } },
          { name: 'Empty', description: '  ', input_schema: { properties: {} } },
          { type: 'web_search_20250305', name: 'web_search' },
        ],
        messages: [{ role: 'user', content: 'Hi' }],
      },
      ctx,
    );
    expect(violations).toEqual([]);
    const specs = state.currentMessage.userInputMessage.userInputMessageContext.tools.map((tool: any) => tool.toolSpecification);
    expect(specs[0].name.length).toBeLessThanOrEqual(64);
    expect(ctx.toolNames.fromUpstream(specs[0].name)).toBe(longName);
    expect(specs[0].description).toHaveLength(MAX_TOOL_DESCRIPTION_LENGTH);
    expect(specs[1]).toEqual({ name: 'Empty', description: 'Empty', inputSchema: { json: { type: 'object', properties: {} } } });
    expect(specs).toHaveLength(2);
    expect(warnings.join('\n')).toContain('web_search');
  });

  test('a tool the history calls but the request no longer offers is declared', () => {
    const { state, violations } = convert({
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '' }] },
      ],
    });
    expect(violations).toEqual([]);
    const context = state.currentMessage.userInputMessage.userInputMessageContext;
    expect(context.tools[0].toolSpecification.name).toBe('Bash');
    expect(context.toolResults[0].content).toEqual([{ text: '(empty result)' }]);
  });

  test('images: base64 carried as bytes, URLs as text references, old ones replaced by a note', () => {
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png', data: PNG } };
    const messages: MessagesRequest['messages'] = [{ role: 'user', content: [image, { type: 'text', text: 'old' }] }];
    for (let i = 0; i < 4; i++) messages.push({ role: 'assistant', content: `a${i}` }, { role: 'user', content: `u${i}` });
    messages.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: [image, { type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] });
    const { state, violations, warnings } = convert({ messages });
    expect(violations).toEqual([]);
    expect(state.history[0].userInputMessage.images).toBeUndefined();
    expect(state.history[0].userInputMessage.content).toBe('old\n\n[1 image(s) omitted from the history]');
    expect(state.currentMessage.userInputMessage.images).toEqual([{ format: 'png', source: { bytes: PNG } }]);
    expect(state.currentMessage.userInputMessage.content).toBe('[image: https://x/y.png]');
    expect(warnings.join('\n')).toContain('image URL');
  });

  test('system messages inside messages join the user turn as a system-reminder', () => {
    const { state, violations } = convert({ messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: '# Environment' }] });
    expect(violations).toEqual([]);
    expect(state.currentMessage.userInputMessage.content).toBe('Hi\n\n<system-reminder>\n# Environment\n</system-reminder>');
  });

  test('the kiro-cli endpoint gets origin KIRO_CLI', () => {
    const ctx = testContext({ model: 'm', systemMessages: 'user', baseUrl: 'https://runtime.us-east-1.kiro.dev/' });
    expect(convert({ messages: [{ role: 'user', content: 'Hi' }] }, ctx).state.currentMessage.userInputMessage.origin).toBe('KIRO_CLI');
  });

  test('what cannot be carried is reported', () => {
    const { warnings } = convert({ temperature: 0.2, stop_sequences: ['x'], tool_choice: { type: 'any' }, tools: [readTool], messages: [{ role: 'user', content: 'Hi' }] });
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining('temperature'), expect.stringContaining('stop_sequences'), expect.stringContaining('tool_choice any')]));
  });
});
