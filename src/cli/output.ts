/**
 * What the CLI prints: colour only on a terminal (never with NO_COLOR, or TERM=dumb; FORCE_COLOR
 * forces it), aligned tables, and JSON for `--json`.
 * @see https://no-color.org
 */
export interface Styles {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

type Env = Record<string, string | undefined>;

export function colorEnabled(stream: { isTTY?: boolean }, env: Env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createStyles(enabled: boolean): Styles {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** Styles for standard output, decided once. */
export const stdoutStyles = (): Styles => createStyles(colorEnabled(process.stdout));
export const stderrStyles = (): Styles => createStyles(colorEnabled(process.stderr));

const ANSI = /\x1b\[[0-9;]*m/g;
const visibleWidth = (text: string) => [...text.replace(ANSI, '')].length;

/** Rows padded into columns, two spaces apart; the last column is not padded. */
export function formatTable(header: string[], rows: string[][], styles?: Styles): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => visibleWidth(row[column] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column] - visibleWidth(cell))))
      .join('  ')
      .trimEnd();
  return [styles ? styles.bold(line(header)) : line(header), ...rows.map(line)].join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `3d 4h`, `5m 2s`, `12s`: an uptime a person reads at a glance. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 || (name === 's' && parts.length === 0)) parts.push(`${count}${name}`);
    rest -= count * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
