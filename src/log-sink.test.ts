import { afterEach, describe, expect, test } from 'bun:test';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loggerOptions } from './log';
import { createBatchedSink } from './log-sink';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempFile(): { path: string; fd: number } {
  dir = mkdtempSync(join(tmpdir(), 'ccr-sink-'));
  const path = join(dir, 'out.log');
  return { path, fd: openSync(path, 'a') };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await Bun.sleep(2);
  }
}

describe('batched log sink', () => {
  test('holds lines for the delay, then writes them in order', async () => {
    const { path, fd } = tempFile();
    const sink = createBatchedSink({ fd, flushMs: 30 });
    sink.write('one\n');
    sink.write('two\n');
    sink.write('three\n');
    expect(readFileSync(path, 'utf8')).toBe('');
    await until(() => readFileSync(path, 'utf8').length > 0);
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\nthree\n');
    closeSync(fd);
  });

  test('writes at once when the pending lines grow past the limit', async () => {
    const { path, fd } = tempFile();
    const sink = createBatchedSink({ fd, flushMs: 60_000, maxPendingChars: 10 });
    sink.write('short\n');
    expect(readFileSync(path, 'utf8')).toBe('');
    sink.write('long enough\n');
    await until(() => readFileSync(path, 'utf8').length > 0);
    expect(readFileSync(path, 'utf8')).toBe('short\nlong enough\n');
    closeSync(fd);
  });

  test('lines written while a write is in flight follow it, in order', async () => {
    const { path, fd } = tempFile();
    const sink = createBatchedSink({ fd, flushMs: 5 });
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}\n`);
    for (const [i, line] of lines.entries()) {
      sink.write(line);
      if (i % 20 === 0) sink.flush();
    }
    await until(() => readFileSync(path, 'utf8').length === lines.join('').length);
    expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
    closeSync(fd);
  });

  test('flushSync writes what is pending before it returns', () => {
    const { path, fd } = tempFile();
    const sink = createBatchedSink({ fd, flushMs: 60_000 });
    sink.write('last words\n');
    sink.flushSync();
    expect(readFileSync(path, 'utf8')).toBe('last words\n');
    closeSync(fd);
  });

  test('a descriptor that fails loses its lines without throwing', async () => {
    // A descriptor number nothing has open (a closed one could be reused by the next open).
    const sink = createBatchedSink({ fd: 987_654, flushMs: 1 });
    sink.write('lost\n');
    sink.flush();
    expect(() => sink.flushSync()).not.toThrow();
    await Bun.sleep(10);
  });

  test('pino writes its lines through it', async () => {
    const { path, fd } = tempFile();
    const sink = createBatchedSink({ fd, flushMs: 5 });
    pino(loggerOptions('info'), sink).info({ route: 'default', status: 200 }, 'request');
    await until(() => readFileSync(path, 'utf8').length > 0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ level: 30, route: 'default', status: 200, msg: 'request' });
    closeSync(fd);
  });

  test('output nobody reads: lines past the backlog limit are dropped, counted, and the count written once it moves', () => {
    const writes: { bytes: string; done: (error: null, written: number) => void }[] = [];
    const sink = createBatchedSink({
      fd: 1,
      flushMs: 60_000,
      maxPendingChars: 10,
      maxBacklogChars: 30,
      writeAsync: (_fd, bytes, done) => writes.push({ bytes: bytes.toString(), done }),
    });
    sink.write('first line\n');
    expect(writes.map((write) => write.bytes)).toEqual(['first line\n']);
    // That write never completes, as on a pipe nobody reads: lines pile up to the limit, then drop.
    for (let i = 0; i < 10; i++) sink.write(`line ${i}\n`);
    writes[0].done(null, writes[0].bytes.length);
    expect(writes).toHaveLength(2);
    const lines = writes[1].bytes.trimEnd().split('\n');
    const kept = lines.filter((line) => !line.startsWith('{'));
    const notice = lines.filter((line) => line.startsWith('{'));
    expect(kept).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(JSON.parse(notice[0])).toMatchObject({ level: 40, msg: '5 log lines dropped: the output was not being read' });
  });

  test('a descriptor not ready (EAGAIN) gets the same bytes again shortly, ahead of newer lines; a short write sends the rest', async () => {
    const written: string[] = [];
    let calls = 0;
    const sink = createBatchedSink({
      fd: 1,
      flushMs: 1,
      writeAsync: (_fd, bytes, done) => {
        calls++;
        if (calls === 1) return done(Object.assign(new Error('not ready'), { code: 'EAGAIN' }), 0);
        // The second write takes only the first four bytes, as a nearly full pipe would.
        const taken = calls === 2 ? 4 : bytes.length;
        written.push(bytes.subarray(0, taken).toString());
        done(null, taken);
      },
    });
    sink.write('first\n');
    sink.flush();
    sink.write('second\n');
    await until(() => written.join('') === 'first\nsecond\n');
    expect(written).toEqual(['firs', 't\nsecond\n']);
  });
});
