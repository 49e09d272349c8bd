import { expect, test } from 'bun:test';
import { colorEnabled, createStyles, formatDuration, formatTable } from './output';
import { exportLines } from './commands/env';

test('colour only on a terminal, never with NO_COLOR or TERM=dumb; FORCE_COLOR forces it', () => {
  expect(colorEnabled({ isTTY: true }, {})).toBe(true);
  expect(colorEnabled({ isTTY: false }, {})).toBe(false);
  expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  expect(createStyles(false).red('x')).toBe('x');
  expect(createStyles(true).red('x')).toBe('\x1b[31mx\x1b[39m');
});

test('tables align on what is visible, colour codes aside', () => {
  const styles = createStyles(true);
  const table = formatTable(['A', 'B'], [[styles.green('ok'), 'x'], ['longer', 'y']]);
  expect(table.replace(/\x1b\[[0-9;]*m/g, '')).toBe('A       B\nok      x\nlonger  y');
});

test('durations in two units at most', () => {
  expect([0, 59, 61, 3_600 + 120, 90_000].map(formatDuration)).toEqual(['0s', '59s', '1m 1s', '1h 2m', '1d 1h']);
});

test('ccr env lines for sh, fish and PowerShell, quoted where needed', () => {
  const variables = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:3456', ANTHROPIC_AUTH_TOKEN: "it's" };
  expect(exportLines(variables, 'sh')).toEqual(["export ANTHROPIC_BASE_URL=http://127.0.0.1:3456", "export ANTHROPIC_AUTH_TOKEN='it'\\''s'", 'unset ANTHROPIC_API_KEY']);
  expect(exportLines(variables, 'fish')).toEqual(['set -gx ANTHROPIC_BASE_URL http://127.0.0.1:3456', "set -gx ANTHROPIC_AUTH_TOKEN 'it'\\''s'", 'set -e ANTHROPIC_API_KEY']);
  expect(exportLines(variables, 'powershell')[1]).toBe("$env:ANTHROPIC_AUTH_TOKEN = 'it''s'");
});
