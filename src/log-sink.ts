/**
 * Where ccr's log lines go: a file descriptor written in batches. One write per line (pino's
 * SonicBoom, asynchronous) cost every request a write on Bun's thread pool, its callback, and,
 * when the log file sits in the config's folder as `ccr start --daemon` puts it, a wake-up of the
 * config watcher; SonicBoom's own batching (`minLength`) re-measures its whole growing buffer on
 * every line. Here a line is appended to a list, and the list goes out in one asynchronous write
 * a moment later, or at once when it grows large.
 */
import { write as fsWrite, writeSync } from 'node:fs';

export interface BatchedSinkOptions {
  fd: number;
  /** How long a line may wait for others before it is written. */
  flushMs?: number;
  /** Pending characters that trigger a write at once. */
  maxPendingChars?: number;
  /**
   * Pending characters past which new lines are dropped (and counted): output nobody reads (a
   * paused terminal, a stuck pipe) must not grow ccr's memory without end.
   */
  maxBacklogChars?: number;
  /** The asynchronous write; node's fs.write by default. */
  writeAsync?: (fd: number, bytes: Buffer, done: (error: NodeJS.ErrnoException | null, written: number) => void) => void;
}

export interface BatchedSink {
  /** pino's destination interface: one serialized line, newline included. */
  write(line: string): boolean;
  /** Starts writing whatever is pending now instead of at the end of the delay. */
  flush(): void;
  /** Writes whatever is pending before returning: for process exit, where callbacks never run. */
  flushSync(): void;
}

/** The pause before retrying a write the descriptor was not ready for (a pipe whose reader lags). */
const RETRY_MS = 20;
/** How long an exiting process keeps retrying a descriptor that is not ready. */
const EXIT_WRITE_MS = 1000;

const writeWithNode: NonNullable<BatchedSinkOptions['writeAsync']> = (fd, bytes, done) => fsWrite(fd, bytes, 0, bytes.length, null, done);

export function createBatchedSink({
  fd,
  flushMs = 100,
  maxPendingChars = 64 * 1024,
  maxBacklogChars = 8 * 1024 * 1024,
  writeAsync: write = writeWithNode,
}: BatchedSinkOptions): BatchedSink {
  let pending: string[] = [];
  let pendingChars = 0;
  let dropped = 0;
  /** Bytes handed to an asynchronous write that has not called back yet. */
  let inFlight: Buffer | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (ms: number) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush();
    }, ms);
    // A pending log line must not keep the process alive.
    timer.unref();
  };

  const take = (): Buffer | undefined => {
    if (dropped > 0) {
      // Said where the gap is, in pino's shape, once the output moves again.
      pending.push(`{"level":40,"time":${Date.now()},"msg":"${dropped} log lines dropped: the output was not being read"}\n`);
      dropped = 0;
    }
    if (pending.length === 0) return undefined;
    const bytes = Buffer.from(pending.length === 1 ? pending[0] : pending.join(''));
    pending = [];
    pendingChars = 0;
    return bytes;
  };

  const writeOut = (bytes: Buffer) => {
    inFlight = bytes;
    write(fd, bytes, (error, written) => {
      inFlight = undefined;
      if (error) {
        // Not ready (a full pipe): try the same bytes again shortly. Anything else (the terminal
        // closed): the lines are lost, as they would be with any logger, and ccr goes on serving.
        if (error.code === 'EAGAIN') {
          pending.unshift(bytes.toString());
          pendingChars += bytes.length;
          schedule(RETRY_MS);
        }
        return;
      }
      if (written < bytes.length) return writeOut(bytes.subarray(written));
      if (pendingChars >= maxPendingChars) flush();
      else if (pending.length > 0) schedule(flushMs);
    });
  };

  function flush(): void {
    if (inFlight) return; // its callback writes what piled up meanwhile
    const bytes = take();
    if (bytes) writeOut(bytes);
  }

  return {
    write(line) {
      if (pendingChars >= maxBacklogChars) {
        dropped++;
        return true;
      }
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= maxPendingChars) flush();
      else schedule(flushMs);
      return true;
    },
    flush,
    flushSync() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      // A write still in flight is written by the kernel or lost with it; the rest goes out here.
      const bytes = take();
      if (!bytes) return;
      const giveUpAt = Date.now() + EXIT_WRITE_MS;
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset, bytes.length - offset);
        } catch (error) {
          // A reader that stopped reading must not keep ccr from exiting.
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > giveUpAt) return;
        }
      }
    },
  };
}
