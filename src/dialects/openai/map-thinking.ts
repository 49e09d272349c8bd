/**
 * Anthropic's thinking budget → OpenAI's `reasoning_effort`.
 * The thresholds follow the budgets Claude Code sends for its thinking keywords, so each keyword
 * lands on its own effort: "think" 4,000 → low, "think hard" 10,000 → medium, "ultrathink" 31,999 → high.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort
 */
import type { OpenAIReasoningEffort } from './types';

/** Budgets up to this many tokens ask for `low` effort. */
const LOW_EFFORT_MAX_BUDGET = 4_096;
/** Budgets up to this many tokens (and above LOW_EFFORT_MAX_BUDGET) ask for `medium`; more asks for `high`. */
const MEDIUM_EFFORT_MAX_BUDGET = 16_384;

export function mapThinkingBudgetToReasoningEffort(budgetTokens: number): OpenAIReasoningEffort {
  if (budgetTokens <= LOW_EFFORT_MAX_BUDGET) return 'low';
  if (budgetTokens <= MEDIUM_EFFORT_MAX_BUDGET) return 'medium';
  return 'high';
}
