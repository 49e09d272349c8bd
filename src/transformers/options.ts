/** Reading a transformer's options, which come from a user's JSON file: check, never trust. */
import type { TransformerOptions } from './types';

export class TransformerOptionError extends Error {
  constructor(transformer: string, option: string, expected: string) {
    super(`transformer "${transformer}": option "${option}" must be ${expected}`);
    this.name = 'TransformerOptionError';
  }
}

export function numberOption(options: TransformerOptions, transformer: string, key: string): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TransformerOptionError(transformer, key, 'a number');
  return value;
}

export function positiveIntegerOption(options: TransformerOptions, transformer: string, key: string): number | undefined {
  const value = numberOption(options, transformer, key);
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new TransformerOptionError(transformer, key, 'a positive integer');
  return value;
}

export function booleanOption(options: TransformerOptions, transformer: string, key: string): boolean | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new TransformerOptionError(transformer, key, 'true or false');
  return value;
}

export function stringOption(options: TransformerOptions, transformer: string, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TransformerOptionError(transformer, key, 'a string');
  return value;
}

export function recordOption(options: TransformerOptions, transformer: string, key: string): Record<string, unknown> | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw new TransformerOptionError(transformer, key, 'an object');
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
