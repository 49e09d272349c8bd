import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnthropicUsageScanner } from './usage-scanner';

const fixtures = join(import.meta.dir, '../../test/fixtures/anthropic');
const bytesOf = (name: string) => new TextEncoder().encode(readFileSync(join(fixtures, name), 'utf8'));

function scan(bytes: Uint8Array, cuts: number[]) {
  const scanner = new AnthropicUsageScanner();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  return { usage: scanner.usage, error: scanner.errorMessage };
}

describe('AnthropicUsageScanner', () => {
  test('usage from message_start and message_delta, whatever the cuts', () => {
    const bytes = bytesOf('thinking-text-tool-use.sse');
    const whole = scan(bytes, []);
    expect(whole.usage.input_tokens).toBeGreaterThan(0);
    expect(whole.usage.output_tokens).toBeGreaterThan(0);
    expect(whole.error).toBeUndefined();
    for (let cut = 1; cut < bytes.length; cut++) expect({ cut, ...scan(bytes, [cut]) }).toEqual({ cut, ...whole });
  });

  test('an error event is reported, whatever the cuts', () => {
    const bytes = bytesOf('overloaded-error.sse');
    const whole = scan(bytes, []);
    expect(whole.error).toMatch(/verloaded/);
    for (let cut = 1; cut < bytes.length; cut += 7) expect(scan(bytes, [cut]).error).toBe(whole.error);
  });

  test('one byte at a time', () => {
    const bytes = bytesOf('thinking-text-tool-use.sse');
    const whole = scan(bytes, []);
    expect(scan(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(whole);
  });
});
