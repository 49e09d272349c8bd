import { describe, expect, test } from 'bun:test';
import { testContext } from '../../../test/support/convert-stream';
import type { MessagesRequest, Tool, ToolChoice } from '../anthropic/types';
import { TOOL_ERROR_PREFIX } from './convert-content';
import { convertAnthropicToOpenAI } from './convert-request';
import type { OpenAIToolChoice } from './types';

const base = (fields: Partial<MessagesRequest> = {}): MessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'hi' }],
  ...fields,
});

describe('convertAnthropicToOpenAI: parameters', () => {
  test('model is the routed one; max_tokens, temperature, top_p and stop_sequences carry over', () => {
    const body = convertAnthropicToOpenAI(base({ temperature: 0.3, top_p: 0.9, stop_sequences: ['END'] }), testContext({ model: 'deepseek-chat' }));
    expect(body).toEqual({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 1024,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END'],
    });
  });

  test('a streaming request asks for usage in the stream', () => {
    const body = convertAnthropicToOpenAI(base({ stream: true }), testContext());
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  test('a non-streaming request sends no stream fields', () => {
    const body = convertAnthropicToOpenAI(base({ stream: false }), testContext());
    expect('stream' in body).toBe(false);
    expect('stream_options' in body).toBe(false);
  });

  test('metadata.user_id becomes user', () => {
    expect(convertAnthropicToOpenAI(base({ metadata: { user_id: 'u-1' } }), testContext()).user).toBe('u-1');
  });

  test('fields with no OpenAI equivalent are reported, not dropped silently', () => {
    const ctx = testContext();
    const body = convertAnthropicToOpenAI(base({ top_k: 40, context_management: {} }), ctx);
    expect('top_k' in body).toBe(false);
    expect(ctx.warnings).toEqual(['request field top_k not sent: no OpenAI equivalent', 'request field context_management not sent: no OpenAI equivalent']);
  });

  test('does not mutate the client request', () => {
    const request = base({ system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }], stream: true });
    const before = JSON.stringify(request);
    convertAnthropicToOpenAI(request, testContext());
    expect(JSON.stringify(request)).toBe(before);
  });
});

describe('convertAnthropicToOpenAI: thinking', () => {
  test.each([
    [1024, 'low'],
    [4000, 'low'],
    [10000, 'medium'],
    [16384, 'medium'],
    [31999, 'high'],
  ] as const)('budget %d asks for %s effort', (budget, effort) => {
    const body = convertAnthropicToOpenAI(base({ thinking: { type: 'enabled', budget_tokens: budget } }), testContext());
    expect(body.reasoning_effort).toBe(effort);
    expect(Object.keys(JSON.parse(JSON.stringify(body))).sort()).toEqual(['max_tokens', 'messages', 'model', 'reasoning_effort']);
  });

  test('adaptive thinking leaves the provider default (no reasoning forced)', () => {
    const body = convertAnthropicToOpenAI(base({ thinking: { type: 'adaptive' } }), testContext());
    expect('reasoning_effort' in body).toBe(false);
  });

  test('disabled thinking sends nothing', () => {
    const body = convertAnthropicToOpenAI(base({ thinking: { type: 'disabled' } }), testContext());
    expect('reasoning_effort' in body).toBe(false);
  });
});

describe('convertAnthropicToOpenAI: messages', () => {
  test('system string and system text blocks become one system message first', () => {
    expect(convertAnthropicToOpenAI(base({ system: 'be brief' }), testContext()).messages[0]).toEqual({ role: 'system', content: 'be brief' });
    const blocks = convertAnthropicToOpenAI(
      base({ system: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'b' }] }),
      testContext(),
    );
    expect(blocks.messages[0]).toEqual({ role: 'system', content: 'a\n\nb' });
  });

  test('a user turn with only text blocks is sent as a plain string', () => {
    const body = convertAnthropicToOpenAI(
      base({ messages: [{ role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two', cache_control: { type: 'ephemeral' } }] }] }),
      testContext(),
    );
    expect(body.messages).toEqual([{ role: 'user', content: 'one\ntwo' }]);
  });

  test('images become image_url parts: base64 as a data URL, url as is', () => {
    const body = convertAnthropicToOpenAI(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      }),
      testContext(),
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  test('assistant tool_use becomes tool_calls with JSON string arguments and content null', () => {
    const body = convertAnthropicToOpenAI(
      base({
        messages: [
          { role: 'user', content: 'read it' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } }] },
        ],
      }),
      testContext(),
    );
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } }],
    });
  });

  test('assistant thinking is sent back as reasoning_content on its turn (DeepSeek thinking mode with tools)', () => {
    const body = convertAnthropicToOpenAI(
      base({
        messages: [
          { role: 'user', content: 'go' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'need the file', signature: 'sig' },
              { type: 'text', text: 'Reading.' },
              { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} },
            ],
          },
        ],
      }),
      testContext(),
    );
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: 'Reading.',
      reasoning_content: 'need the file',
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{}' } }],
    });
  });

  test('tool results become tool messages in order, and the rest of the turn follows them in a user message', () => {
    const body = convertAnthropicToOpenAI(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'also, hurry' },
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'file a' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'line 1' }, { type: 'text', text: 'line 2' }] },
            ],
          },
        ],
      }),
      testContext(),
    );
    expect(body.messages).toEqual([
      { role: 'tool', tool_call_id: 'toolu_1', content: 'file a' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'line 1\nline 2' },
      { role: 'user', content: 'also, hurry' },
    ]);
  });

  test('a failed tool result tells the model it failed', () => {
    const body = convertAnthropicToOpenAI(
      base({ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'No such file', is_error: true }] }] }),
      testContext(),
    );
    expect(body.messages).toEqual([{ role: 'tool', tool_call_id: 'toolu_1', content: `${TOOL_ERROR_PREFIX}No such file` }]);
  });

  test('an image inside a tool result is sent in the user message after the tool messages', () => {
    const body = convertAnthropicToOpenAI(
      base({
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [
                  { type: 'text', text: 'screenshot taken' },
                  { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAA' } },
                ],
              },
            ],
          },
        ],
      }),
      testContext(),
    );
    expect(body.messages).toEqual([
      { role: 'tool', tool_call_id: 'toolu_1', content: 'screenshot taken' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments of tool result toolu_1:' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAA' } },
        ],
      },
    ]);
  });

  test('documents: text sources become text, PDFs a file part', () => {
    const body = convertAnthropicToOpenAI(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', title: 'notes', source: { type: 'text', media_type: 'text/plain', data: 'remember milk' } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
            ],
          },
        ],
      }),
      testContext(),
    );
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'notes\n\nremember milk' },
        { type: 'file', file: { filename: 'document', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      ],
    });
  });

  test('blocks OpenAI cannot carry (redacted thinking, server tool blocks, file ids) are reported in warnings', () => {
    const ctx = testContext();
    convertAnthropicToOpenAI(
      base({
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }, { type: 'text', text: 'x' }] },
          {
            role: 'assistant',
            content: [
              { type: 'redacted_thinking', data: 'enc' },
              { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
              { type: 'text', text: 'y' },
            ],
          },
          { role: 'user', content: [{ type: 'future_block', foo: 1 } as never] },
        ],
      }),
      ctx,
    );
    expect(ctx.warnings).toEqual([
      'image with file_id file_1 dropped: Anthropic Files API ids mean nothing upstream',
      'redacted_thinking block dropped: it is encrypted for Anthropic models only',
      'server_tool_use block in an assistant message dropped: OpenAI has no place for it',
      'unknown block type future_block in a user message dropped',
    ]);
  });
});

describe('convertAnthropicToOpenAI: tools', () => {
  const readTool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } };

  test('custom tools become functions; server tools are skipped with a warning', () => {
    const ctx = testContext();
    const body = convertAnthropicToOpenAI(base({ tools: [readTool, { type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] }), ctx);
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'Read', description: 'Reads a file', parameters: readTool.input_schema } }]);
    expect(ctx.warnings).toEqual(['tool web_search (web_search_20250305) skipped: Anthropic server tools have no OpenAI equivalent']);
  });

  test('a custom tool sent without input_schema is a function without arguments, not skipped as a server tool', () => {
    const ctx = testContext();
    const body = convertAnthropicToOpenAI(base({ tools: [{ name: 'Now' } as unknown as Tool] }), ctx);
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'Now', parameters: { type: 'object', properties: {} } } }]);
    expect(ctx.warnings).toEqual([]);
  });

  test.each<[ToolChoice, OpenAIToolChoice]>([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'Read' }, { type: 'function', function: { name: 'Read' } }],
  ])('tool_choice %j becomes %j', (choice, expected) => {
    expect(convertAnthropicToOpenAI(base({ tools: [readTool], tool_choice: choice }), testContext()).tool_choice).toEqual(expected);
  });

  test('disable_parallel_tool_use becomes parallel_tool_calls false', () => {
    const body = convertAnthropicToOpenAI(base({ tools: [readTool], tool_choice: { type: 'auto', disable_parallel_tool_use: true } }), testContext());
    expect(body.parallel_tool_calls).toBe(false);
  });

  test('no tool_choice is sent when no function tool is left (OpenAI refuses it)', () => {
    const ctx = testContext();
    const body = convertAnthropicToOpenAI(base({ tools: [{ type: 'web_search_20250305', name: 'web_search' }], tool_choice: { type: 'any' } }), ctx);
    expect('tools' in body).toBe(false);
    expect('tool_choice' in body).toBe(false);
    expect(ctx.warnings).toContain('tool_choice any dropped: no function tools to choose from');
  });

  test('unsafe tool names are mapped the same way in tools, history and tool_choice', () => {
    const ctx = testContext();
    const name = 'mcp__my.server__do-something';
    const body = convertAnthropicToOpenAI(
      base({
        tools: [{ name, input_schema: { type: 'object' } }],
        tool_choice: { type: 'tool', name },
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name, input: {} }] },
        ],
      }),
      ctx,
    );
    const safe = ctx.toolNames.toUpstream(name);
    expect(safe).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(body.tools?.[0].function.name).toBe(safe);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: safe } });
    expect(body.messages[1]).toMatchObject({ tool_calls: [{ function: { name: safe } }] });
  });
});
