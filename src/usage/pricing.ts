/**
 * Tokens into money. A price table is the built-in defaults under the config's `pricing`; a model
 * is looked up, in order, as `provider,model`, then by its name, then by the longest entry its name
 * starts with when what follows is only a date or a tag (`-20250929`, `-latest`, `-preview…`,
 * `:thinking`, `@20250929`). Names are compared lower-cased, with `.` read as `-` and any `vendor/`
 * prefix dropped, so `anthropic/claude-sonnet-4.5` is `claude-sonnet-4-5`. A model found nowhere
 * has no price: its requests are recorded without a cost and counted as unpriced.
 */
import type { ModelPrice } from '../config/schema';
import { DEFAULT_PRICES } from './default-prices';

export type Price = Required<ModelPrice>;

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface PriceTable {
  priceOf(provider: string, model: string): Price | undefined;
}

/** What may follow a priced name and still be that model: a date, a version tag, a provider's suffix. */
const TAG_SUFFIX = /^(?:-\d{4,}.*|-latest|-preview.*|-exp.*|-thinking|[:@].*)$/;

export function createPriceTable(overrides: Readonly<Record<string, ModelPrice>> = {}): PriceTable {
  const prices = new Map<string, Price>();
  for (const [model, price] of Object.entries(DEFAULT_PRICES)) prices.set(normalize(model), price);
  // `provider,model` keys keep their provider part as written (lower-cased): only the model part is normalized.
  for (const [key, price] of Object.entries(overrides)) prices.set(normalizeKey(key), completePrice(price));
  const names = [...prices.keys()].filter((name) => !name.includes(',')).sort((a, b) => b.length - a.length);
  /** Answers by provider, then model, as the request named them: no string is built to look one up. */
  const found = new Map<string, Map<string, Price | undefined>>();
  let foundCount = 0;

  const byName = (name: string): Price | undefined => {
    const exact = prices.get(name);
    if (exact) return exact;
    const prefix = names.find((known) => name.startsWith(known) && TAG_SUFFIX.test(name.slice(known.length)));
    return prefix === undefined ? undefined : prices.get(prefix);
  };

  return {
    priceOf(provider, model) {
      let models = found.get(provider);
      if (models?.has(model)) return models.get(model);
      const price = prices.get(normalizeKey(`${provider},${model}`)) ?? byName(normalize(model));
      // Explicit routes can name any model: the memory starts over rather than grow without end.
      if (foundCount++ >= 1000) {
        found.clear();
        foundCount = 1;
        models = undefined;
      }
      if (models === undefined) found.set(provider, (models = new Map()));
      models.set(model, price);
      return price;
    },
  };
}

/** What a request cost at `price`, per million tokens. */
export function costOf(tokens: TokenCounts, price: Price): number {
  return (
    (tokens.inputTokens * price.input +
      tokens.outputTokens * price.output +
      tokens.cacheReadTokens * price.cacheRead +
      tokens.cacheWriteTokens * price.cacheWrite) /
    1_000_000
  );
}

/** The config's table for a config object, built once per config (a reload brings a new object). */
const tables = new WeakMap<object, PriceTable>();
export function priceTableOf(config: { pricing?: Record<string, ModelPrice> }): PriceTable {
  let table = tables.get(config);
  if (table === undefined) {
    table = createPriceTable(config.pricing);
    tables.set(config, table);
  }
  return table;
}

function completePrice(price: ModelPrice): Price {
  return { input: price.input, output: price.output, cacheRead: price.cacheRead ?? price.input, cacheWrite: price.cacheWrite ?? price.input };
}

function normalize(model: string): string {
  const name = model.slice(model.lastIndexOf('/') + 1);
  return name.trim().toLowerCase().replaceAll('.', '-');
}

function normalizeKey(key: string): string {
  const comma = key.indexOf(',');
  return comma === -1 ? normalize(key) : `${key.slice(0, comma).trim().toLowerCase()},${normalize(key.slice(comma + 1))}`;
}
