import { afterEach, beforeEach, describe, expect, jest, test } from 'bun:test';
import { createPriceTable } from './pricing';
import { UsageRecorder, type RequestUsage, type UsageRecorderOptions } from './recorder';
import type { UsageRow, UsageWriter } from './writer';

const DAY = 86_400_000;

function request(overrides: Partial<RequestUsage> = {}): RequestUsage {
  return {
    sessionId: 's',
    route: 'default',
    provider: 'deepseek',
    model: 'deepseek-chat',
    usage: { input_tokens: 1000, output_tokens: 100, cache_read_input_tokens: 500 },
    latencyMs: 40,
    ttftMs: 10,
    status: 200,
    outcome: 'ok',
    streamed: true,
    hops: 0,
    ...overrides,
  };
}

function setup(options: Partial<UsageRecorderOptions> = {}) {
  const written: UsageRow[][] = [];
  const pruned: number[] = [];
  const errors: string[] = [];
  let clock = 1_000_000;
  const writer: UsageWriter = {
    write: (rows) => void written.push([...rows]),
    prune: (before) => (pruned.push(before), 0),
  };
  const recorder = new UsageRecorder({
    writer,
    prices: () => createPriceTable(),
    retentionDays: () => 90,
    now: () => clock,
    onError: (message) => errors.push(message),
    ...options,
  });
  return { recorder, written, pruned, errors, advance: (ms: number) => (clock += ms), rows: () => written.flat() };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('batching', () => {
  test('record only queues; the batch is written flushMs after the first record of an empty queue', () => {
    const { recorder, written } = setup({ flushMs: 1000 });
    recorder.record(request());
    jest.advanceTimersByTime(600);
    recorder.record(request({ sessionId: 'later' }));
    expect(written).toEqual([]);
    jest.advanceTimersByTime(399);
    expect(written).toEqual([]);
    jest.advanceTimersByTime(1);
    // Both in one batch: the second waited 400 ms, the first the whole window.
    expect(written.map((batch) => batch.map((row) => row.sessionId))).toEqual([['s', 'later']]);
  });

  test('a full batch is written on the next turn of the event loop, never inside record', async () => {
    jest.useRealTimers();
    const { recorder, written } = setup({ maxBatch: 3, flushMs: 60_000 });
    for (let i = 0; i < 3; i++) recorder.record(request());
    expect(written).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.map((batch) => batch.length)).toEqual([3]);
    recorder.close();
  });

  test('flush writes at once and disarms the timer', () => {
    const { recorder, written } = setup();
    recorder.record(request());
    recorder.flush();
    expect(written.length).toBe(1);
    jest.advanceTimersByTime(5000);
    expect(written.length).toBe(1);
  });

  test('close writes what is queued; records after it are ignored', () => {
    const { recorder, written } = setup();
    recorder.record(request());
    recorder.close();
    recorder.record(request());
    jest.advanceTimersByTime(5000);
    expect(written.flat().length).toBe(1);
  });
});

describe('rows', () => {
  test('the request’s arrival time, its figures, and its cost at the prices of the time', () => {
    const { recorder, rows } = setup();
    recorder.record(request({ requestedModel: 'claude-sonnet-4-6', error: 'x'.repeat(600) }));
    recorder.flush();
    const [row] = rows();
    expect(row).toMatchObject({
      at: 1_000_000 - 40,
      sessionId: 's',
      provider: 'deepseek',
      model: 'deepseek-chat',
      requestedModel: 'claude-sonnet-4-6',
      inputTokens: 1000,
      outputTokens: 100,
      cacheReadTokens: 500,
      cacheWriteTokens: 0,
      estimated: false,
      latencyMs: 40,
      ttftMs: 10,
    });
    // deepseek-chat's defaults: 0.28 input, 0.42 output, 0.028 cache read per million.
    expect(row.cost).toBeCloseTo((1000 * 0.28 + 100 * 0.42 + 500 * 0.028) / 1e6, 12);
    expect(row.error!.length).toBe(500);
  });

  test('a price changed later does not change what was recorded before', () => {
    let prices = createPriceTable({ 'deepseek-chat': { input: 1, output: 1 } });
    const { recorder, rows } = setup({ prices: () => prices });
    recorder.record(request({ usage: { input_tokens: 1_000_000, output_tokens: 0 } }));
    recorder.flush();
    prices = createPriceTable({ 'deepseek-chat': { input: 2, output: 2 } });
    recorder.record(request({ usage: { input_tokens: 1_000_000, output_tokens: 0 } }));
    recorder.flush();
    expect(rows().map((row) => row.cost)).toEqual([1, 2]);
  });

  test('no price known, or no provider: no cost', () => {
    const { recorder, rows } = setup();
    recorder.record(request({ model: 'my-local-model' }));
    recorder.record(request({ provider: undefined, model: undefined, status: 400, outcome: 'error' }));
    recorder.flush();
    expect(rows().map((row) => row.cost)).toEqual([null, null]);
  });

  test('counts the upstream did not report are estimated when the batch is written, not before', () => {
    const { recorder, rows } = setup();
    let counted = 0;
    recorder.record(request({ usage: { input_tokens: 0, output_tokens: 0 }, estimators: { input: () => (counted++, 42), output: { content: [{ type: 'text', text: 'hello world' }] } } }));
    expect(counted).toBe(0);
    recorder.flush();
    expect(counted).toBe(1);
    expect(rows()[0]).toMatchObject({ inputTokens: 42, outputTokens: 2, estimated: true });
  });

  test('an estimate that throws leaves the record as reported, and says so', () => {
    const { recorder, rows, errors } = setup();
    recorder.record(request({ usage: { output_tokens: 3 }, estimators: { input: () => { throw new Error('boom'); } } }));
    recorder.flush();
    expect(rows()[0]).toMatchObject({ inputTokens: 0, outputTokens: 3, estimated: false });
    expect(errors[0]).toContain('estimating tokens failed');
  });
});

describe('when the database refuses writes', () => {
  function failing(times: number) {
    const written: UsageRow[][] = [];
    let failures = 0;
    const writer: UsageWriter = {
      write(rows) {
        if (failures++ < times) throw new Error('SQLITE_BUSY');
        written.push([...rows]);
      },
      prune: () => 0,
    };
    return { writer, written };
  }

  test('the batch is kept, in order, and written by the next flush', () => {
    const { writer, written } = failing(1);
    const { recorder, errors } = setup({ writer });
    recorder.record(request({ sessionId: 'a' }));
    recorder.flush();
    recorder.record(request({ sessionId: 'b' }));
    expect(errors[0]).toContain('1 records could not be written');
    jest.advanceTimersByTime(1000);
    expect(written.map((batch) => batch.map((row) => row.sessionId))).toEqual([['a', 'b']]);
  });

  test('past maxPending the oldest are dropped, and that is reported', () => {
    const { writer, written } = failing(2);
    const { recorder, errors } = setup({ writer, maxPending: 2 });
    recorder.record(request({ sessionId: 'a' }));
    recorder.flush();
    recorder.record(request({ sessionId: 'b' }));
    recorder.record(request({ sessionId: 'c' }));
    recorder.flush(); // fails again with three kept: a goes
    recorder.flush();
    expect(written.flat().map((row) => row.sessionId)).toEqual(['b', 'c']);
    expect(errors).toContain('usage: 1 records dropped while the database refused writes');
  });
});

describe('retention', () => {
  test('prunes what is older than the retention age, at most once per pruneEveryMs', () => {
    const { recorder, pruned, advance } = setup({ retentionDays: () => 7, pruneEveryMs: 3_600_000 });
    recorder.prune();
    expect(pruned).toEqual([1_000_000 - 7 * DAY]);
    recorder.record(request());
    recorder.flush();
    expect(pruned.length).toBe(1);
    advance(3_600_000);
    recorder.record(request());
    recorder.flush();
    expect(pruned).toEqual([1_000_000 - 7 * DAY, 1_000_000 + 3_600_000 - 7 * DAY]);
  });
});

describe('the queue', () => {
  test('a large batch: every field survives the queue, absent ones included', () => {
    const { recorder, rows } = setup({ maxBatch: 10_000 });
    for (let i = 0; i < 3000; i++) recorder.record(request({ sessionId: `s${i % 300}`, hops: i % 3, ttftMs: i % 2 ? undefined : i, error: i === 7 ? 'boom' : undefined, route: i === 8 ? undefined : 'default' }));
    recorder.flush();
    const written = rows();
    expect(written.length).toBe(3000);
    expect(written[7]).toMatchObject({ sessionId: 's7', hops: 1, ttftMs: null, error: 'boom', route: 'default', streamed: true, status: 200, outcome: 'ok' });
    expect(written[8]).toMatchObject({ ttftMs: 8, route: null, error: null, requestedModel: null });
    expect(written[2999].sessionId).toBe('s299');
  });
});
