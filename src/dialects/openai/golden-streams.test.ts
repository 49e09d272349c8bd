import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertAnthropicEventGrammar } from '../../../test/support/anthropic-grammar';
import { convertAtEverySplit } from '../../../test/support/convert-stream';
import type { StreamEvent } from '../anthropic/types';
import { openaiDialect } from './index';

const FIXTURES = join(import.meta.dir, '../../../test/fixtures');

const CASES: ReadonlyArray<[folder: string, name: string]> = [
  ['openai', 'text'],
  ['openai', 'tool-call-pieces'],
  ['openai', 'parallel-tool-calls'],
  ['openai', 'content-filter'],
  ['deepseek', 'reasoning-then-content'],
  ['deepseek', 'tool-call-with-reasoning'],
  ['openrouter', 'reasoning'],
  ['openrouter', 'tool-call-one-chunk'],
  ['openrouter', 'mid-stream-error'],
];

describe('openai dialect golden streams', () => {
  for (const [folder, name] of CASES) {
    test(`${folder}/${name}.sse converts the same at every split, in Anthropic's grammar, as reviewed`, () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, folder, `${name}.sse`)));
      const expected: StreamEvent[] = JSON.parse(readFileSync(join(FIXTURES, folder, `${name}.expected.json`), 'utf8'));
      const { events, mismatches } = convertAtEverySplit(openaiDialect, bytes);
      expect(mismatches).toEqual([]);
      assertAnthropicEventGrammar(events);
      expect(events).toEqual(expected);
    });
  }
});
