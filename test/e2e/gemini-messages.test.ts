/** A Gemini provider end to end: native request on the wire, the SDK sees an Anthropic message. */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestApp } from '../support/ccr-app';
import { sseChunks, startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream';

const fixture = readFileSync(join(import.meta.dir, '../fixtures/gemini/thinking-function-call.sse'), 'utf8');
let reply: () => FakeReply = () => ({ json: {} });
let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  upstream = startFakeUpstream(() => reply());
  ccr = await buildTestApp({
    Providers: [{ name: 'gemini', api_base_url: `${upstream.url}/v1beta/models/`, api_key: 'AIza-upstream-key', models: ['gemini-2.5-pro'], transformer: { use: ['gemini'] } }],
    Router: { default: 'gemini,gemini-2.5-pro' },
  });
});
afterAll(() => upstream.stop());

const tools: Anthropic.Tool[] = [
  {
    name: 'Read',
    description: 'Read a file',
    input_schema: { type: 'object', $schema: 'http://json-schema.org/draft-07/schema#', additionalProperties: false, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
  },
];

test('a streamed thought + function call becomes thinking and tool_use; the request is native Gemini', async () => {
  reply = () => ({ chunks: sseChunks(fixture), chunkDelayMs: 1 });
  const message = await ccr
    .client()
    .messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1000, thinking: { type: 'enabled', budget_tokens: 2048 }, tools, messages: [{ role: 'user', content: 'Which port?' }] })
    .finalMessage();
  // The empty thinking block before tool_use carries the functionCall's thoughtSignature (see thought-signature.ts).
  expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'thinking', 'tool_use']);
  expect(message.content[3]).toMatchObject({ type: 'tool_use', name: 'Read', input: { file_path: '/repo/config.json' } });
  expect(message.stop_reason).toBe('tool_use');
  expect(message.usage.cache_read_input_tokens).toBe(4096);

  const sent = upstream.requests.at(-1)!;
  expect(sent.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  expect(sent.headers['x-goog-api-key']).toBe('AIza-upstream-key');
  expect(sent.body.contents).toEqual([{ role: 'user', parts: [{ text: 'Which port?' }] }]);
  expect(sent.body.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 2048, includeThoughts: true });
  const declaration = sent.body.tools[0].functionDeclarations[0];
  expect(declaration.name).toBe('Read');
  expect(JSON.stringify(declaration.parameters)).not.toMatch(/\$schema|additionalProperties/);

  // Next turn: Claude Code sends the assistant content back; Gemini must get its signature back on the functionCall.
  reply = () => ({ json: { candidates: [{ content: { role: 'model', parts: [{ text: 'It is 3456.' }] }, finishReason: 'STOP', index: 0 }] } });
  const toolUse = message.content[3] as Anthropic.ToolUseBlock;
  await ccr.client().messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 1000,
    tools,
    messages: [
      { role: 'user', content: 'Which port?' },
      { role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"PORT": 3456}' }] },
    ],
  });
  const next = upstream.requests.at(-1)!.body;
  const modelParts = next.contents[1].parts as Array<Record<string, any>>;
  const call = modelParts.find((part) => part.functionCall);
  expect(call).toMatchObject({ functionCall: { name: 'Read', args: { file_path: '/repo/config.json' } }, thoughtSignature: 'CiQBVKhc7vB0ZG9uZV9zaWduYXR1cmVfMQ==' });
  expect(next.contents[2].parts[0].functionResponse.name).toBe('Read');
});

test('a non-streaming answer', async () => {
  reply = () => ({
    json: {
      candidates: [{ content: { role: 'model', parts: [{ text: 'Port 3456.' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 4, totalTokenCount: 14 },
    },
  });
  const message = await ccr.client().messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'Which port?' }] });
  expect(message.content).toEqual([{ type: 'text', text: 'Port 3456.' }] as Anthropic.ContentBlock[]);
  expect(message.stop_reason).toBe('end_turn');
  expect(message.usage).toMatchObject({ input_tokens: 10, output_tokens: 4 });
  expect(upstream.requests.at(-1)!.path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
});
