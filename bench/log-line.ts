/**
 * What ccr's per-request `info` line costs: `bun bench/log-line.ts`. pino's own `info` with ccr's
 * options and without redaction, against `logInfoLine` (src/log.ts), which writes the request line
 * as pino would in one JSON.stringify. Written to /dev/null, synchronously, so only building the line
 * and one write count.
 */
import pino from 'pino';
import { logInfoLine, loggerOptions } from '../src/log';

const destination = pino.destination({ dest: '/dev/null', sync: true });
const withCcrOptions = pino(loggerOptions('info'), destination);
const plain = pino({ level: 'info', base: undefined }, destination);
const writers: [string, () => void][] = [
  ['pino info, ccr options (level, redaction)', () => withCcrOptions.info(fields(), 'request')],
  ['pino info, no redaction', () => plain.info(fields(), 'request')],
  ['logInfoLine (what ccr writes per request)', () => logInfoLine(withCcrOptions, fields(), 'request')],
];
// The fields of http/messages.ts's request line, as a non-streamed answer fills them.
const fields = () => ({ route: 'default', rule: undefined, tokens: undefined, provider: 'mock', model: 'fast', status: 200, stream: false, ms: 0.4, input_tokens: 12, output_tokens: 7 });
const LINES = 100_000;
for (const [name, write] of writers) {
  for (let i = 0; i < LINES / 5; i++) write();
  const started = performance.now();
  for (let i = 0; i < LINES; i++) write();
  console.log(`${name}: ${(((performance.now() - started) * 1000) / LINES).toFixed(2)} µs per line`);
}
