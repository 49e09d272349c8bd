/**
 * What ccr's per-request `info` line costs pino, with ccr's logger options against none:
 * `bun bench/log-line.ts`. Written to /dev/null, synchronously, so only building the line counts.
 */
import pino from 'pino';
import { loggerOptions } from '../src/log';

const destination = pino.destination({ dest: '/dev/null', sync: true });
const loggers: [string, pino.Logger][] = [
  ['ccr options (level, redaction)', pino(loggerOptions('info'), destination)],
  ['no redaction', pino({ level: 'info', base: undefined }, destination)],
];
// The fields of http/messages.ts's request line, as a non-streamed answer fills them.
const fields = () => ({ route: 'default', rule: undefined, tokens: undefined, provider: 'mock', model: 'fast', status: 200, stream: false, ms: 0.4, input_tokens: 12, output_tokens: 7 });
const LINES = 100_000;
for (const [name, log] of loggers) {
  for (let i = 0; i < LINES / 5; i++) log.info(fields(), 'request');
  const started = performance.now();
  for (let i = 0; i < LINES; i++) log.info(fields(), 'request');
  console.log(`${name}: ${(((performance.now() - started) * 1000) / LINES).toFixed(2)} µs per line`);
}
