/**
 * Token counts for a request whose upstream reported none (some OpenAI-compatible servers, a stream
 * cut short): js-tiktoken's cl100k, as count_tokens counts. An upstream that reports nothing makes
 * the converters say 0, and no real request has 0 input tokens, so 0 is read as "not reported".
 */
import type { ResponseContentBlock, Usage } from '../dialects/anthropic/types';
import { countContentTokens } from '../tokens/count';
import { countTextTokens } from '../tokens/encoder';
import type { TokenCounts } from './pricing';

/** What the answer said, kept only to be counted when the upstream gave no output count. */
export interface AnswerOutput {
  /** A JSON answer's content blocks. */
  content?: readonly ResponseContentBlock[];
  /** A converted stream's text, thinking and tool-input deltas, in order. */
  streamedText?: readonly string[];
}

export interface Estimators {
  /** The request's input tokens (count_tokens' count). */
  input?: () => number;
  output?: AnswerOutput;
}

/** The upstream's counts, with what it did not report counted here; `estimated` when any count was. */
export function completeUsage(usage: Partial<Usage>, estimators: Estimators): TokenCounts & { estimated: boolean } {
  let inputTokens = usage.input_tokens ?? 0;
  let outputTokens = usage.output_tokens ?? 0;
  const cacheReadTokens = usage.cache_read_input_tokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? 0;
  let estimated = false;
  if (inputTokens === 0 && cacheReadTokens === 0 && cacheWriteTokens === 0 && estimators.input) {
    inputTokens = estimators.input();
    estimated = inputTokens > 0;
  }
  if (outputTokens === 0 && estimators.output) {
    outputTokens = countOutputTokens(estimators.output);
    estimated ||= outputTokens > 0;
  }
  return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, estimated };
}

export function countOutputTokens(output: AnswerOutput): number {
  let total = 0;
  if (output.streamedText && output.streamedText.length > 0) total += countTextTokens(output.streamedText.join(''));
  // An answer's blocks are a subset of a request's: counted as count_tokens counts them.
  if (output.content) total += countContentTokens(output.content);
  return total;
}
