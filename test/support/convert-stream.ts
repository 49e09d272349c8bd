/**
 * Runs raw provider SSE bytes through the same pipeline dispatch uses (SSE parser → dialect's
 * readStreamData → stream converter), cutting the bytes at the given offsets, so golden tests can
 * prove the output does not depend on where the network split the stream.
 */
import type { StreamEvent } from '../../src/dialects/anthropic/types';
import type { ConversionContext, Dialect } from '../../src/dialects/types';
import { ToolNameMap } from '../../src/dialects/tool-names';
import { SseParser } from '../../src/sse/parse';

export function testContext(overrides: Partial<ConversionContext> = {}): ConversionContext {
  const counters = { msg: 0, toolu: 0 };
  return {
    model: 'upstream-model',
    requestedModel: 'claude-sonnet-4-5',
    generateId: (prefix) => `${prefix}_test${String(++counters[prefix]).padStart(4, '0')}`,
    toolNames: new ToolNameMap(),
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
  const parser = new SseParser();
  const converter = dialect.createStreamConverter(ctx);
  const out: StreamEvent[] = [];
  let finished = false;
  const handle = (data: string, event: string | undefined) => {
    if (finished) return;
    const read = dialect.readStreamData(data, event);
    if (read.kind === 'chunk') out.push(...converter.push(read.chunk));
    else if (read.kind === 'done') {
      out.push(...converter.end());
      finished = true;
    } else if (read.kind === 'error') {
      out.push({ type: 'error', error: read.error });
      finished = true;
    }
  };
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const sse of parser.push(bytes.subarray(from, cut))) handle(sse.data, sse.event);
    from = cut;
  }
  for (const sse of parser.end()) handle(sse.data, sse.event);
  if (!finished) out.push(...converter.end());
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
