import { describe, expect, test } from 'bun:test';
import pino from 'pino';
import { logInfoLine, loggerOptions, loggerWithRequestLines, logRequestLine } from './log';
import { RequestLines, type RequestLineFields } from './request-lines';

const TIME = 1_795_333_231_455;

/** What the general formatter writes for the same fields at the same time. */
function viaLogInfoLine(fields: RequestLineFields): string {
  const lines: string[] = [];
  logInfoLine(pino(loggerOptions('info'), { write: (line: string) => lines.push(line) }), fields, 'request');
  return lines[0].replace(/"time":\d+/, `"time":${TIME}`);
}

function batcher(options?: { capacity?: number; flushMs?: number }) {
  const writes: string[] = [];
  return { writes, lines: new RequestLines({ write: (text) => writes.push(text) }, options) };
}

const plain: RequestLineFields = { route: 'default', provider: 'mock', model: 'fast', status: 200, stream: false, ms: 1.8, input_tokens: 12, output_tokens: 7 };

describe('RequestLines', () => {
  test.each<[string, RequestLineFields]>([
    ['a plain line', plain],
    // Keys in the order messages.ts gives them: the general formatter follows the object's order.
    ['a stream with routing tokens and cache reads of zero', { route: 'longContext', tokens: 61234, provider: 'mock', model: 'fast', status: 200, stream: true, ms: 0, input_tokens: 12, output_tokens: 7, cache_read_tokens: 0 }],
    ['no token counts', { route: 'explicit', provider: 'mock', model: 'fast', status: 200, stream: false, ms: 12.3 }],
    ['names JSON must escape', { ...plain, provider: 'we"ird\\name', model: 'modèle/😀\n\u0001', route: 'default' }],
    ['large and fractional numbers', { ...plain, ms: 123456.7, input_tokens: 1_000_000, output_tokens: 2 ** 40 }],
  ])('writes the bytes the general formatter writes: %s', (_name, fields) => {
    const { writes, lines } = batcher();
    expect(lines.add(TIME, fields)).toBe(true);
    lines.drain();
    expect(writes).toEqual([viaLogInfoLine(fields)]);
  });

  test.each<[string, Partial<RequestLineFields>]>([
    ['a rule', { rule: 'opus' }],
    ['a stream status', { stream_status: 'upstream_error' }],
    ['an error', { error: 'broke off' }],
    ['warnings', { warnings: ['dropped a field'] }],
    ['a count that is not a number', { input_tokens: null as unknown as number }],
    ['a latency that is not finite', { ms: Number.NaN }],
  ])('refuses a line with %s and records nothing', (_name, extra) => {
    const { writes, lines } = batcher();
    expect(lines.add(TIME, { ...plain, ...extra })).toBe(false);
    lines.drain();
    expect(writes).toEqual([]);
  });

  test('keeps lines until the batch is full, then writes them all in order at once', () => {
    const { writes, lines } = batcher({ capacity: 3, flushMs: 60_000 });
    lines.add(TIME, { ...plain, ms: 1 });
    lines.add(TIME + 1, { ...plain, ms: 2 });
    expect(writes).toEqual([]);
    lines.add(TIME + 2, { ...plain, ms: 3 });
    expect(writes).toHaveLength(1);
    expect(writes[0].split('\n').slice(0, -1).map((line) => JSON.parse(line).ms)).toEqual([1, 2, 3]);
    lines.add(TIME + 3, { ...plain, ms: 4 });
    lines.drain();
    expect(writes.map((text) => text.split('\n').length - 1)).toEqual([3, 1]);
  });

  test('writes a batch that is not full once its delay has passed', async () => {
    const { writes, lines } = batcher({ capacity: 100, flushMs: 5 });
    lines.add(TIME, plain);
    expect(writes).toEqual([]);
    for (let i = 0; i < 50 && writes.length === 0; i++) await Bun.sleep(2);
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0]).msg).toBe('request');
  });

  test('starts quoting names afresh past its memory, still writing each one right', () => {
    const { writes, lines } = batcher({ capacity: 1000 });
    for (let i = 0; i < 300; i++) lines.add(TIME, { ...plain, model: `model-${i}` });
    lines.drain();
    const models = writes.join('').split('\n').slice(0, -1).map((line) => JSON.parse(line).model);
    expect(models).toHaveLength(300);
    expect(models[0]).toBe('model-0');
    expect(models[299]).toBe('model-299');
  });
});

describe('a logger with batched request lines', () => {
  const capture = () => {
    const written: string[] = [];
    const { logger } = loggerWithRequestLines('info', { write: (text) => written.push(text) }, { capacity: 100, flushMs: 60_000 });
    const lines = () => written.join('').split('\n').slice(0, -1).map((line) => JSON.parse(line));
    return { logger, written, lines };
  };

  test('keeps the order lines were logged in: another line writes the waiting request lines first', () => {
    const { logger, lines } = capture();
    logger.warn('before');
    logRequestLine(logger, { ...plain, model: 'first' });
    logRequestLine(logger, { ...plain, model: 'second' });
    logger.warn('after');
    expect(lines().map((line) => line.msg === 'request' ? line.model : line.msg)).toEqual(['before', 'first', 'second', 'after']);
  });

  test('a line the batch refuses is written at once, after the ones waiting', () => {
    const { logger, lines } = capture();
    logRequestLine(logger, { ...plain, model: 'batched' });
    logRequestLine(logger, { ...plain, model: 'failed', status: 502, error: 'Provider "mock" is unreachable' });
    expect(lines().map((line) => [line.model, line.status, line.error])).toEqual([
      ['batched', 200, undefined],
      ['failed', 502, 'Provider "mock" is unreachable'],
    ]);
  });

  test("a child logger's request lines join the same batch", () => {
    const { logger, written, lines } = capture();
    logRequestLine(logger.child({ component: 'x' }), { ...plain, model: 'from-child' });
    expect(written).toEqual([]);
    logger.warn('after');
    expect(lines().map((line) => line.model ?? line.msg)).toEqual(['from-child', 'after']);
  });

  test('flush writes the waiting lines and calls back', () => {
    const { logger, written } = capture();
    logRequestLine(logger, plain);
    expect(written).toEqual([]);
    let called = false;
    logger.flush(() => (called = true));
    expect(written).toHaveLength(1);
    expect(called).toBe(true);
  });

  test('writes nothing when the level is above info', () => {
    const written: string[] = [];
    const { logger, lines } = loggerWithRequestLines('warn', { write: (text) => written.push(text) });
    logRequestLine(logger, plain);
    lines.drain();
    expect(written).toEqual([]);
  });

  test('a logger built elsewhere gets the line at once, as pino writes it', () => {
    const written: string[] = [];
    const logger = pino(loggerOptions('info'), { write: (line: string) => written.push(line) });
    logRequestLine(logger, plain);
    expect(written).toHaveLength(1);
    expect(written[0].replace(/"time":\d+/, `"time":${TIME}`)).toBe(viaLogInfoLine(plain));
  });

  test('a request line recorded just before the process exits is written', async () => {
    const script = `
      const { createLogger, logRequestLine } = await import(${JSON.stringify(`${import.meta.dir}/log.ts`)});
      const log = await createLogger({ level: 'info', toFile: false });
      logRequestLine(log, { route: 'default', provider: 'mock', model: 'last', status: 200, stream: false, ms: 1 });
      process.exit(0);
    `;
    const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'pipe', stderr: 'pipe' });
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(code).toBe(0);
    expect(JSON.parse(out.trim())).toMatchObject({ level: 30, msg: 'request', model: 'last' });
  });
});
