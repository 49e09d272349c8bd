import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testContext } from '../../../test/support/convert-stream';
import type { MessagesRequest } from '../anthropic/types';
import { geminiDialect } from './index';
import type { GeminiRequest, GeminiResponse } from './types';

const FIXTURES = join(import.meta.dir, '../../../test/fixtures/gemini');
const base: MessagesRequest = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] };
const convert = (request: Partial<MessagesRequest>, model = 'gemini-2.5-pro') => {
  const ctx = testContext({ model });
  const body = geminiDialect.convertRequest({ ...base, ...request }, ctx) as GeminiRequest;
  return { body, warnings: ctx.warnings, ctx };
};

describe('gemini endpoint', () => {
  const input = { baseUrl: 'https://generativelanguage.googleapis.com/v1beta/models/', model: 'gemini-2.5-pro', stream: false, apiKey: 'AIza1' };
  test('models base + model + action, key in x-goog-api-key', () => {
    expect(geminiDialect.endpoint(input)).toEqual({
      url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'AIza1' },
    });
  });
  test('streaming uses streamGenerateContent?alt=sse; a base without trailing slash gets one', () => {
    expect(geminiDialect.endpoint({ ...input, stream: true, baseUrl: 'https://generativelanguage.googleapis.com/v1beta/models' }).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
  });
  test('a base that already names a model and action is reduced to the models base', () => {
    const url = geminiDialect.endpoint({ ...input, stream: true, baseUrl: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent' }).url;
    expect(url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  });
});

describe('gemini convertRequest', () => {
  test('system → systemInstruction; roles user/model; generation config', () => {
    const { body } = convert({
      system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: [{ type: 'text', text: 'more' }] }],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You are Claude Code.' }, { text: 'Be brief.' }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ text: 'hello' }] },
      { role: 'user', parts: [{ text: 'more' }] },
    ]);
    expect(body.generationConfig).toEqual({ maxOutputTokens: 1024, temperature: 0.5, topP: 0.9, topK: 40, stopSequences: ['END'] });
  });

  test('more than five stop sequences: the first five are sent (Gemini refuses more) and the rest reported', () => {
    const { body, warnings } = convert({ stop_sequences: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    expect(body.generationConfig?.stopSequences).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(warnings).toEqual(['gemini: only the first 5 of 7 stop sequences were sent']);
  });

  test('images: base64 → inlineData, URL → fileData, untyped URL → text + warning', () => {
    const { body, warnings } = convert({
      messages: [{ role: 'user', content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.JPG?x=1' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/render' } },
      ] }],
    });
    expect(body.contents[0].parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?x=1' } },
      { text: '[image: https://example.com/render]' },
    ]);
    expect(warnings).toHaveLength(1);
  });

  test('tool_use → functionCall with id; tool_result → functionResponse named from history; consecutive user turns merged', () => {
    const { body } = convert({
      messages: [
        { role: 'user', content: 'list' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'LS', input: { path: '/' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a\nb' }] }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'denied', is_error: true }] },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'list' }] },
      { role: 'model', parts: [{ functionCall: { id: 'toolu_1', name: 'LS', args: { path: '/' } } }] },
      { role: 'user', parts: [
        { functionResponse: { id: 'toolu_1', name: 'LS', response: { result: 'a\nb' } } },
        { functionResponse: { id: 'toolu_1', name: 'LS', response: { error: 'denied' } } },
      ] },
    ]);
  });

  test('tool_result whose tool_use is missing from history is named unknown_tool with a warning', () => {
    const { body, warnings } = convert({ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'gone', content: 'x' }] }] });
    expect(body.contents[0].parts[0].functionResponse?.name).toBe('unknown_tool');
    expect(warnings.length).toBe(1);
  });

  test('tools: cleaned declarations, web search → googleSearch, unsafe names mapped', () => {
    const longName = `mcp__${'server_'.repeat(10)}__tool`;
    const { body, ctx } = convert({
      tools: [
        { name: 'Read', description: 'Reads', input_schema: { type: 'object', $schema: 'x', additionalProperties: false, properties: { p: { type: 'string' } } } },
        { name: longName, input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'tool', name: longName },
    });
    const safe = ctx.toolNames.toUpstream(longName);
    expect(body.tools).toEqual([{ functionDeclarations: [
      { name: 'Read', description: 'Reads', parameters: { type: 'object', properties: { p: { type: 'string' } } } },
      { name: safe },
    ] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [safe] } });
    const search = convert({ tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] });
    expect(search.body.tools).toEqual([{ googleSearch: {} }]);
  });

  test.each([
    [{ type: 'auto' }, { mode: 'AUTO' }],
    [{ type: 'any' }, { mode: 'ANY' }],
    [{ type: 'none' }, { mode: 'NONE' }],
  ] as const)('tool_choice %j → %j', (choice, expected) => {
    const { body } = convert({ tools: [{ name: 'T', input_schema: { type: 'object', properties: { a: { type: 'string' } } } }], tool_choice: choice });
    expect(body.toolConfig).toEqual({ functionCallingConfig: expected });
  });

  test.each([
    ['gemini-2.5-pro', 50, 128],
    ['gemini-2.5-pro', 100000, 32768],
    ['gemini-2.5-flash', 0, 0],
    ['gemini-2.5-flash', 30000, 24576],
    ['gemini-2.5-flash-lite', 100, 512],
    ['gemini-3-pro-preview', 5000, 5000],
  ])('thinking budget on %s: %d → %d', (model, budget, expected) => {
    const { body } = convert({ thinking: { type: 'enabled', budget_tokens: budget } }, model);
    expect(body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: expected, includeThoughts: true });
  });

  test('adaptive thinking → dynamic budget; disabled → model default', () => {
    expect(convert({ thinking: { type: 'adaptive' } }).body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(convert({ thinking: { type: 'disabled' } }).body.generationConfig?.thinkingConfig).toBeUndefined();
  });

  test('a field Gemini cannot carry is reported, not silently dropped', () => {
    expect(convert({ context_management: { edits: [] } }).warnings).toEqual(['request field context_management not sent: no Gemini equivalent']);
  });

  test('thinking block signed by Anthropic is not sent to Gemini, with a warning', () => {
    const { body, warnings } = convert({ messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'claude thoughts', signature: 'EqQBCgIYAh' }, { type: 'text', text: 'ok' }] }] });
    expect(body.contents).toEqual([{ role: 'model', parts: [{ text: 'ok' }] }]);
    expect(warnings).toHaveLength(1);
  });

  test('Gemini 3 400 "Function call is missing a thought_signature" on foreign history: first call gets the documented stand-in', () => {
    const messages: MessagesRequest['messages'] = [{ role: 'assistant', content: [
      { type: 'tool_use', id: 't1', name: 'A', input: {} },
      { type: 'tool_use', id: 't2', name: 'B', input: {} },
    ] }];
    const parts3 = convert({ messages }, 'gemini-3-pro-preview').body.contents[0].parts;
    expect(parts3.map((part) => part.thoughtSignature)).toEqual(['skip_thought_signature_validator', undefined]);
    const parts25 = convert({ messages }, 'gemini-2.5-pro').body.contents[0].parts;
    expect(parts25.map((part) => part.thoughtSignature)).toEqual([undefined, undefined]);
  });
});

describe('thought signatures survive the round trip through Claude Code', () => {
  const roundTrip = (response: GeminiResponse, model: string) => {
    const message = geminiDialect.convertResponse(response, testContext({ model }));
    const { body } = convert({ messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: message.content }] }, model);
    return body.contents[1].parts;
  };

  test('thought, text and signed functionCall come back as the same parts with the signature on the call', () => {
    const response: GeminiResponse = JSON.parse(readFileSync(join(FIXTURES, 'generate-content-function-call.json'), 'utf8'));
    const parts = roundTrip(response, 'gemini-2.5-flash');
    expect(parts).toEqual([
      { text: '**Planning**\n\nI need the file list first.', thought: true },
      { text: "I'll list the directory." },
      { functionCall: { id: 'toolu_test0001', name: 'LS', args: { path: '/repo' } }, thoughtSignature: 'CrQBAXLI2nyNONSTREAMsig==' },
    ]);
  });

  test('signed thought part, signature on a call right after a thought, and a trailing empty signed text part', () => {
    const original = [
      { text: 'plan', thought: true, thoughtSignature: 'OWN' },
      { text: 'more', thought: true },
      { functionCall: { id: 'c1', name: 'A', args: { x: 1 } }, thoughtSignature: 'CALL' },
      { functionCall: { id: 'c2', name: 'B', args: {} } },
      { text: 'done' },
      { text: '', thoughtSignature: 'TAIL' },
    ];
    const parts = roundTrip({ candidates: [{ content: { role: 'model', parts: original }, finishReason: 'STOP' }] }, 'gemini-3-pro-preview');
    expect(parts).toEqual(original);
  });
});
