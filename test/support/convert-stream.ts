/**
 * Runs raw provider SSE bytes through the same pure pipeline dispatch uses (`createSseConversion`:
 * SSE parser → dialect's readStreamData → stream converter), cutting the bytes at the given
 * offsets, so golden tests prove the output does not depend on where the network split the stream.
 */
import type { StreamEvent } from '../../src/dialects/anthropic/types';
import type { ConversionContext, Dialect } from '../../src/dialects/types';
import { ToolNameMap } from '../../src/dialects/tool-names';
import { createSseConversion } from '../../src/dispatch/convert-stream';

export function testContext(overrides: Partial<ConversionContext> = {}): ConversionContext {
  const counters = { msg: 0, toolu: 0 };
  return {
    model: 'upstream-model',
    requestedModel: 'claude-sonnet-4-5',
    generateId: (prefix) => `${prefix}_test${String(++counters[prefix]).padStart(4, '0')}`,
    toolNames: new ToolNameMap(),
    systemMessages: 'keep',
    warnings: [],
    ...overrides,
  };
}

export function convertSseBytes(
  dialect: Dialect,
  bytes: Uint8Array,
  cuts: readonly number[] = [],
  ctx: ConversionContext = testContext(),
): StreamEvent[] {
  const conversion = createSseConversion(dialect, ctx);
  const out: StreamEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const step = conversion.push(bytes.subarray(from, cut));
    out.push(...step.events);
    if (step.ended) return out;
    from = cut;
  }
  out.push(...conversion.close().events);
  return out;
}

/** The output for every single cut position must equal the uncut output. */
export function convertAtEverySplit(dialect: Dialect, bytes: Uint8Array, makeCtx: () => ConversionContext = () => testContext()) {
  const whole = convertSseBytes(dialect, bytes, [], makeCtx());
  const mismatches: number[] = [];
  const expected = JSON.stringify(whole);
  for (let cut = 1; cut < bytes.length; cut++) {
    if (JSON.stringify(convertSseBytes(dialect, bytes, [cut], makeCtx())) !== expected) mismatches.push(cut);
  }
  return { events: whole, mismatches };
}
