/**
 * Built-in prices, US dollars per million tokens, as the providers published them when this table
 * was written (2026). Prices change: the config's `pricing` overrides any entry and adds others.
 * A model is matched by its name with a date or tag after it too (`claude-sonnet-4-5-20250929`,
 * `gemini-2.5-flash-preview-05-20`, `anthropic/claude-sonnet-4.5`): see pricing.ts.
 * Gemini bills cache storage by the hour rather than per token written, so its cache write is the
 * input price; OpenAI and DeepSeek do not charge cache writes apart either.
 * @see https://docs.anthropic.com/en/docs/about-claude/pricing
 * @see https://openai.com/api/pricing/
 * @see https://ai.google.dev/gemini-api/docs/pricing
 * @see https://api-docs.deepseek.com/quick_start/pricing
 */
import type { ModelPrice } from '../config/schema';

/** [input, output, cache read, cache write] */
type Row = readonly [number, number, number, number];

const claudeOpusOld: Row = [15, 75, 1.5, 18.75];
const claudeOpus: Row = [5, 25, 0.5, 6.25];
const claudeSonnet: Row = [3, 15, 0.3, 3.75];

const ROWS: Record<string, Row> = {
  'claude-opus-4-6': claudeOpus,
  'claude-opus-4-5': claudeOpus,
  'claude-opus-4-1': claudeOpusOld,
  'claude-opus-4': claudeOpusOld,
  'claude-3-opus': claudeOpusOld,
  'claude-sonnet-4-6': claudeSonnet,
  'claude-sonnet-4-5': claudeSonnet,
  'claude-sonnet-4': claudeSonnet,
  'claude-3-7-sonnet': claudeSonnet,
  'claude-3-5-sonnet': claudeSonnet,
  'claude-haiku-4-5': [1, 5, 0.1, 1.25],
  'claude-3-5-haiku': [0.8, 4, 0.08, 1],
  'claude-3-haiku': [0.25, 1.25, 0.03, 0.3],

  'gpt-5-1': [1.25, 10, 0.125, 1.25],
  'gpt-5': [1.25, 10, 0.125, 1.25],
  'gpt-5-mini': [0.25, 2, 0.025, 0.25],
  'gpt-5-nano': [0.05, 0.4, 0.005, 0.05],
  'gpt-4-1': [2, 8, 0.5, 2],
  'gpt-4-1-mini': [0.4, 1.6, 0.1, 0.4],
  'gpt-4-1-nano': [0.1, 0.4, 0.025, 0.1],
  'gpt-4o': [2.5, 10, 1.25, 2.5],
  'gpt-4o-mini': [0.15, 0.6, 0.075, 0.15],
  o3: [2, 8, 0.5, 2],
  'o3-mini': [1.1, 4.4, 0.55, 1.1],
  'o4-mini': [1.1, 4.4, 0.275, 1.1],

  'gemini-3-pro': [2, 12, 0.2, 2],
  'gemini-2-5-pro': [1.25, 10, 0.125, 1.25],
  'gemini-2-5-flash': [0.3, 2.5, 0.03, 0.3],
  'gemini-2-5-flash-lite': [0.1, 0.4, 0.01, 0.1],
  'gemini-2-0-flash': [0.1, 0.4, 0.025, 0.1],

  'deepseek-chat': [0.28, 0.42, 0.028, 0.28],
  'deepseek-reasoner': [0.28, 0.42, 0.028, 0.28],
  'deepseek-v4-flash': [0.14, 0.28, 0.0028, 0.14],
  'deepseek-v4-pro': [0.435, 0.87, 0.003625, 0.435],
};

export const DEFAULT_PRICES: Readonly<Record<string, Required<ModelPrice>>> = Object.fromEntries(
  Object.entries(ROWS).map(([model, [input, output, cacheRead, cacheWrite]]) => [model, { input, output, cacheRead, cacheWrite }]),
);
