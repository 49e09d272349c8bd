/**
 * OpenAI usage → Anthropic usage.
 * Anthropic's `input_tokens` excludes cache reads, while OpenAI's `prompt_tokens` includes them, so
 * `input_tokens = prompt_tokens − cached` and `cache_read_input_tokens = cached`; together they add up
 * to the prompt, as Claude Code expects when it totals context. Providers report no cache writes.
 * @see https://platform.openai.com/docs/guides/prompt-caching
 * @see https://api-docs.deepseek.com/guides/kv_cache
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
import type { Usage } from '../anthropic/types';
import type { OpenAIUsage } from './types';

export function mapOpenAIUsage(usage: OpenAIUsage): Usage {
  const promptTokens = usage.prompt_tokens ?? 0;
  // OpenAI (and OpenRouter) report cache hits in `prompt_tokens_details`; DeepSeek in `prompt_cache_hit_tokens`.
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  return {
    input_tokens: Math.max(0, promptTokens - cached),
    output_tokens: usage.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
  };
}
