/**
 * Usage for the end of a CodeWhisperer stream. A `metadataEvent` with `tokenUsage` gives exact
 * counts. Without it (the IDE endpoint sends only a `contextUsageEvent`), usage is estimated and
 * said so in the warnings: the context percentage covers input and output, so input is that share
 * of the model's window less the output, and the output is the answer counted with ccr's tokenizer
 * (src/tokens/).
 * @see https://github.com/justlovemaki/AIClient-2-API (src/providers/claude/claude-kiro.js: contextUsagePercentage)
 */
import { countTextTokens } from '../../tokens/encoder';
import type { Usage } from '../anthropic/types';
import type { CodeWhispererMetadata } from './types';

/** Context windows the estimate assumes (AIClient-2-API's table): Opus 4.5 and later 1M, the rest 200K. */
const LARGE_WINDOW_MODEL = /opus-4[.-]?([5-9]|\d\d)/i;

export function contextWindowOf(model: string): number {
  return LARGE_WINDOW_MODEL.test(model) ? 1_000_000 : 200_000;
}

export interface UsageInput {
  model: string;
  tokenUsage: CodeWhispererMetadata['tokenUsage'];
  contextUsagePercentage: number | undefined;
  /** Everything the answer said (text, thinking, tool names and inputs), for the estimate. */
  outputText: string;
}

export function mapCodeWhispererUsage(input: UsageInput, warnings: string[]): Usage {
  const exact = input.tokenUsage;
  if (exact && (typeof exact.outputTokens === 'number' || typeof exact.uncachedInputTokens === 'number')) {
    return {
      input_tokens: exact.uncachedInputTokens ?? 0,
      output_tokens: exact.outputTokens ?? 0,
      cache_creation_input_tokens: exact.cacheWriteInputTokens ?? 0,
      cache_read_input_tokens: exact.cacheReadInputTokens ?? 0,
    };
  }
  const output = countTextTokens(input.outputText);
  const percentage = input.contextUsagePercentage ?? exact?.contextUsagePercentage;
  if (typeof percentage !== 'number' || !(percentage > 0)) {
    warnings.push('codewhisperer: usage estimated: output counted with cl100k, input unknown (no context usage reported)');
    return { input_tokens: 0, output_tokens: output };
  }
  const window = contextWindowOf(input.model);
  const total = Math.round((window * percentage) / 100);
  warnings.push(`codewhisperer: usage estimated: input from ${percentage}% of a ${window}-token window, output counted with cl100k`);
  return { input_tokens: Math.max(0, total - output), output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}
