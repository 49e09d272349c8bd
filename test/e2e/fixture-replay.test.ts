/**
 * Every recorded provider stream, replayed by a fake upstream on 127.0.0.1 one event per network
 * write, through ccr, into the official SDK's stream accumulator: the message it assembles must be
 * the one the reviewed golden events describe — what a native Anthropic stream would give.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamEvent } from '../../src/dialects/anthropic/types';
import { assembleMessage } from '../../src/dialects/anthropic/assemble-message';
import { buildTestApp } from '../support/ccr-app';
import { sseChunks, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

const fixtures = join(import.meta.dir, '../fixtures');
let current = '';
let upstream: FakeUpstream;
let ccr: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  upstream = startFakeUpstream(() => ({ chunks: sseChunks(current), chunkDelayMs: 1 }));
  ccr = await buildTestApp({
    Providers: [
      { name: 'openai', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' },
      { name: 'gemini', api_base_url: `${upstream.url}/v1beta/models/`, api_key: 'k', transformer: { use: ['gemini'] } },
    ],
    Router: { default: 'openai,m' },
  });
});
afterAll(() => upstream.stop());

const cases = [
  ...['openai', 'deepseek', 'openrouter'].map((folder) => ({ folder, provider: 'openai' })),
  { folder: 'gemini', provider: 'gemini' },
].flatMap(({ folder, provider }) =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.sse'))
    .map((name) => ({ folder, provider, name })),
);

/** What a client keeps of a message: ids and the model are per request. */
const essentials = (message: Pick<Anthropic.Message, 'content' | 'stop_reason' | 'stop_sequence' | 'usage'>) => ({
  content: message.content.map((block) => {
    if (block.type === 'text') return { type: 'text', text: block.text };
    if (block.type === 'tool_use') return { type: 'tool_use', name: block.name, input: block.input };
    return block;
  }),
  stop_reason: message.stop_reason,
  stop_sequence: message.stop_sequence,
  usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens, cache_read_input_tokens: message.usage.cache_read_input_tokens ?? undefined },
});

describe('recorded provider streams through ccr and the Anthropic SDK', () => {
  test('there are fixtures to replay', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  for (const { folder, provider, name } of cases) {
    test(`${folder}/${name}`, async () => {
      current = readFileSync(join(fixtures, folder, name), 'utf8');
      const expected = JSON.parse(readFileSync(join(fixtures, folder, name.replace(/\.sse$/, '.expected.json')), 'utf8')) as StreamEvent[];
      const stream = ccr.client().messages.stream({ model: `${provider},m`, max_tokens: 100, messages: [{ role: 'user', content: 'replay' }] });
      const last = expected.at(-1)!;
      if (last.type === 'error') {
        await expect(stream.finalMessage()).rejects.toThrow(last.error.message.slice(0, 40));
        return;
      }
      const message = await stream.finalMessage();
      expect(essentials(message)).toEqual(essentials(assembleMessage(expected) as unknown as Anthropic.Message));
    });
  }
});
