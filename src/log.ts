/**
 * Structured logs with pino. Quiet by default (one `info` line per request); `LOG: true` also
 * writes rotated files under logs/ with pino-roll. Keys never reach a log: known secret fields
 * are redacted and free-text key material is masked.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createBatchedSink } from './log-sink';

export type { Logger };

/**
 * Where a key could sit in what ccr logs: at the top of the fields, or on a logged error. ccr never
 * logs provider configs or upstream requests whole; keys inside free text are masked (maskSecrets).
 */
const SECRET_FIELDS = ['apiKey', 'api_key', 'headers.authorization', 'headers["x-api-key"]', 'headers["x-goog-api-key"]'];
/**
 * Spelled out instead of pino's `*.field` wildcards: with wildcards, redaction cost 15 us of the
 * 20 us each request's log line took; these ten paths cost about a third of a microsecond.
 */
const REDACTED_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `err.${field}`)];

/** Keeps enough of a key to tell two apart in a log, never enough to use it: `sk-a…f3c9`. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '***';
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}

/** Masks things that look like keys inside free text (an upstream error that echoes the key back). */
export function maskSecrets(text: string, knownKeys: readonly string[] = []): string {
  let masked = text;
  for (const key of knownKeys) if (key.length > 8) masked = masked.split(key).join(maskKey(key));
  return masked.replace(/\b(sk-[A-Za-z0-9_-]{6,}|AIza[0-9A-Za-z_-]{20,})\b/g, (found) => maskKey(found));
}

export interface LogOptions {
  level: string;
  toFile: boolean;
  dir?: string;
}

/** pino options shared by every ccr logger: level, redaction of secret fields, no pid/hostname noise. */
export function loggerOptions(level: string): pino.LoggerOptions {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined };
}

/**
 * Lines reach stdout through a batched sink (src/log-sink.ts): pino's own asynchronous destination,
 * even writing 4 KB at a time, cost 5-10 % more CPU per request at c=32 (bench/README.md).
 */
export async function createLogger(options: LogOptions): Promise<Logger> {
  const stdout = createBatchedSink({ fd: 1 });
  let out: pino.DestinationStream = stdout;
  /** Why log files could not be written, if they could not: ccr goes on with stdout alone. */
  let fileProblem: string | undefined;
  if (options.toFile) {
    const dir = options.dir ?? join(process.cwd(), 'logs');
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      // pino-roll (with date-fns) costs ~35 MB of memory: loaded only when log files are wanted.
      const { default: roll } = await import('pino-roll');
      const file = await roll({ file: join(dir, 'ccr'), extension: '.log', frequency: 'daily', size: '20m', mkdir: true, limit: { count: 7 } });
      // Both get every line the logger's level lets through, so a plain fan-out does what
      // pino.multistream would, and a line written straight to the logger's stream (logInfoLine) reaches both.
      out = {
        write(text: string) {
          stdout.write(text);
          file.write(text);
        },
        // The file's own stream writes each line as it comes.
        flush: () => stdout.flush(),
      } as pino.DestinationStream;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      fileProblem = `log files are off: ${dir} cannot be written (${reason}); logging to stdout only. Set LOG_DIR or DATA_DIR to a writable folder.`;
    }
  }
  // What is still waiting is written synchronously at exit, or the line saying why ccr stops would be lost.
  process.on('exit', () => stdout.flushSync());
  const logger = pino(loggerOptions(options.level), out);
  if (fileProblem) logger.error(fileProblem);
  return logger;
}

/** The stream pino writes to, shared by a logger and its children. */
const destinationOf = (log: Logger) => (log as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];

/**
 * `log.info(fields, msg)` for the line every request writes, formatted as pino formats it
 * (`{"level":30,"time":…,<fields>,"msg":…}`, undefined fields left out) in one JSON.stringify:
 * pino's own formatting stringifies each key and string value on its own on Bun, 2.5 us a line
 * against 0.5, and formats each line inside a `diagnostics_channel` trace because Bun's
 * TracingChannel lacks `hasSubscribers` (oven-sh/bun#27805), about 13 us more at 32 requests at
 * once. For flat fields that hold no secret: no redaction and no serializers run.
 */
export function logInfoLine(log: Logger, fields: object, msg: string): void {
  if (!log.isLevelEnabled('info')) return;
  const json = JSON.stringify(fields);
  const members = json.length > 2 ? `,${json.slice(1, -1)}` : '';
  destinationOf(log).write(`{"level":${log.levels.values.info},"time":${Date.now()}${members},"msg":${JSON.stringify(msg)}}\n`);
}

/** For tests and embedding: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
