/**
 * Counts a JSON value (tool inputs, input schemas, unknown blocks) by walking it instead of
 * serialising it: a tool input that carries a whole file would otherwise be copied into one more
 * large string just to be measured.
 */
import { countTextTokens } from './encoder';

/** Roughly what `{`, `"`, `:` and `,` cost around each key or item once serialised. */
const STRUCTURE_TOKENS_PER_ENTRY = 2;

export function countJsonTokens(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return countTextTokens(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return countTextTokens(String(value));
    case 'object':
      return value === null ? 1 : countContainerTokens(value);
    default:
      // undefined, functions and symbols do not survive JSON serialisation.
      return 0;
  }
}

function countContainerTokens(value: object): number {
  let total = 1;
  if (Array.isArray(value)) {
    for (const item of value) total += STRUCTURE_TOKENS_PER_ENTRY + countJsonTokens(item);
    return total;
  }
  for (const [key, item] of Object.entries(value)) {
    total += STRUCTURE_TOKENS_PER_ENTRY + countTextTokens(key) + countJsonTokens(item);
  }
  return total;
}
