/**
 * Each command's options, parsed with node:util's parseArgs (built into Node and Bun): strict, so a
 * misspelt option is an error naming it rather than silently ignored. `-h`/`--help` is added to
 * every command.
 * @see https://nodejs.org/api/util.html#utilparseargsconfig
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './errors';

export type OptionSpec = ParseArgsOptionsConfig;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export interface ParsedArgs<T extends OptionSpec> {
  values: { [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : T[K] extends { multiple: true } ? string[] : string } & { help?: boolean };
  positionals: string[];
}

export function parseCommandArgs<T extends OptionSpec>(argv: string[], options: T, maxPositionals = 0): ParsedArgs<T> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages name the option and how to pass a value that starts with a dash.
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length > maxPositionals && !(parsed.values as { help?: boolean }).help) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
  }
  return parsed as unknown as ParsedArgs<T>;
}

/** A whole number within bounds, from an option's text. */
export function parseIntegerOption(name: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name}: "${text}" is not a whole number`);
  const value = Number(text.trim());
  if (value < min || value > max) throw new UsageError(`--${name}: ${value} is outside ${min}-${max}`);
  return value;
}
