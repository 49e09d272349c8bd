/**
 * Gemini's usageMetadata → Anthropic usage. Anthropic's `input_tokens` excludes cache reads, so
 * cached tokens are subtracted from the prompt; tool-use prompt tokens (e.g. search results fed
 * back to the model) are input too. Thoughts are billed as output, as Anthropic bills thinking.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
import type { Usage } from '../anthropic/types';
import type { GeminiUsageMetadata } from './types';

export function mapGeminiUsage(usage: GeminiUsageMetadata | undefined): Usage {
  const cached = usage?.cachedContentTokenCount ?? 0;
  const prompt = usage?.promptTokenCount ?? 0;
  return {
    input_tokens: Math.max(0, prompt - cached) + (usage?.toolUsePromptTokenCount ?? 0),
    output_tokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}
