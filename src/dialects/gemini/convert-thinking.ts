/**
 * Anthropic `thinking` → Gemini `thinkingConfig`.
 * - `enabled`: the budget, clamped into the model's range (model-family.ts), thoughts included so
 *   Claude Code can show them;
 * - `adaptive`: Gemini's dynamic budget (`-1`), the closest match to "the model decides";
 * - `disabled` or absent: nothing sent, the model's default applies (2.5 Pro cannot turn thinking
 *   off at all, so asking would only earn a 400).
 * @see https://ai.google.dev/gemini-api/docs/thinking
 */
import type { ThinkingConfig } from '../anthropic/types';
import { clampThinkingBudget } from './model-family';
import type { GeminiThinkingConfig } from './types';

export function convertThinkingToGemini(thinking: ThinkingConfig | undefined, model: string, warnings: string[]): GeminiThinkingConfig | undefined {
  if (!thinking) return undefined;
  switch (thinking.type) {
    case 'enabled':
      return { thinkingBudget: clampThinkingBudget(model, thinking.budget_tokens), includeThoughts: true };
    case 'adaptive':
      return { thinkingBudget: -1, includeThoughts: true };
    case 'disabled':
      return undefined;
    default: {
      const _exhaustive: never = thinking;
      warnings.push(`gemini: thinking type ${JSON.stringify((_exhaustive as { type: unknown }).type)} is unknown; the model's default applies`);
      return undefined;
    }
  }
}
