import { describe, expect, test } from 'bun:test';
import pino from 'pino';
import { logInfoLine, loggerOptions, maskKey, maskSecrets } from './log';

describe('key masking', () => {
  test('maskKey keeps only both ends of a key', () => {
    expect(maskKey('sk-abcdefghijklmnop')).toBe('sk-a…mnop');
    expect(maskKey('short')).toBe('***');
  });

  test('maskSecrets hides known keys and key-shaped strings in free text', () => {
    const text = 'Incorrect API key provided: sk-proj-abcdef1234567890. Also my-custom-key-123456789 and AIzaSyA1234567890abcdefghijk';
    const masked = maskSecrets(text, ['my-custom-key-123456789']);
    expect(masked).not.toContain('sk-proj-abcdef1234567890');
    expect(masked).not.toContain('my-custom-key-123456789');
    expect(masked).not.toContain('AIzaSyA1234567890abcdefghijk');
    expect(masked).toContain('Incorrect API key provided');
  });

  test('the logger redacts authorization headers and api keys', async () => {
    const lines: string[] = [];
    const logger = pino(loggerOptions('info'), { write: (line: string) => lines.push(line) });
    logger.info(
      {
        headers: { authorization: 'Bearer sk-secret-value', 'x-api-key': 'sk-secret-value', 'x-goog-api-key': 'sk-secret-value' },
        apiKey: 'sk-secret-value',
        api_key: 'sk-secret-value',
        err: { apiKey: 'sk-secret-value', headers: { authorization: 'Bearer sk-secret-value', 'x-goog-api-key': 'sk-secret-value' } },
      },
      'call',
    );
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toContain('sk-secret-value');
  });
});

describe('LOG: true', () => {
  test('writes JSON lines to a rotated file under the log folder', async () => {
    const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createLogger } = await import('./log');
    const dir = mkdtempSync(join(tmpdir(), 'ccr-log-'));
    const logger = await createLogger({ level: 'info', toFile: true, dir });
    logger.warn({ route: 'default' }, 'written to file');
    logInfoLine(logger, { route: 'default' }, 'request line written to file');
    logger.flush();
    await Bun.sleep(50);
    const files = readdirSync(dir).filter((name) => name.endsWith('.log'));
    expect(files.length).toBe(1);
    expect(readFileSync(join(dir, files[0]), 'utf8')).toContain('"msg":"written to file"');
    expect(readFileSync(join(dir, files[0]), 'utf8')).toContain('"msg":"request line written to file"');
  });
});

describe('logInfoLine', () => {
  const capture = (level = 'info') => {
    const lines: string[] = [];
    return { lines, log: pino(loggerOptions(level), { write: (line: string) => lines.push(line) }) };
  };
  const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');

  test.each([
    ['a request line', { route: 'default', rule: undefined, provider: 'mock', model: 'fast', status: 200, stream: false, ms: 0.4, input_tokens: 12 }],
    ['quotes, backslashes and control characters', { error: 'Provider "a" said: \\ \n \u0001 é 😀', warnings: ['one', 'two "2"'] }],
    ['no fields', {}],
    ['numbers pino writes as null', { ms: Number.NaN, tokens: Number.POSITIVE_INFINITY }],
  ])('writes what pino writes for the same fields: %s', (_name, fields) => {
    const viaPino = capture();
    viaPino.log.info(fields, 'request');
    const direct = capture();
    logInfoLine(direct.log, fields, 'request');
    expect(direct.lines).toHaveLength(1);
    expect(withoutTime(direct.lines[0])).toBe(withoutTime(viaPino.lines[0]));
  });

  test('writes nothing when the level is above info', () => {
    const { lines, log } = capture('warn');
    logInfoLine(log, { route: 'default' }, 'request');
    expect(lines).toEqual([]);
  });
});
