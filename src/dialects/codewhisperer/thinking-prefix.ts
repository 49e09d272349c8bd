/**
 * CodeWhisperer has no thinking parameter: Kiro clients switch thinking on with tags at the start
 * of the prompt, and the model answers with `<thinking>…</thinking>` before its text
 * (split-thinking.ts reads it back). `enabled` sends a length, clamped to what those clients send;
 * `adaptive` sends an effort, taken from Anthropic's `output_config.effort`.
 * @see https://github.com/justlovemaki/AIClient-2-API (src/providers/claude/claude-kiro.js, KIRO_THINKING)
 */
import type { MessagesRequest } from '../anthropic/types';

const MIN_THINKING_LENGTH = 1024;
const MAX_THINKING_LENGTH = 24576;
type Effort = 'low' | 'medium' | 'high';

export function thinkingPrefix(request: MessagesRequest, warnings: string[]): string | undefined {
  const thinking = request.thinking;
  if (thinking === undefined) return undefined;
  switch (thinking.type) {
    case 'enabled': {
      const budget = Number.isFinite(thinking.budget_tokens) ? Math.floor(thinking.budget_tokens) : MAX_THINKING_LENGTH;
      const length = Math.min(MAX_THINKING_LENGTH, Math.max(MIN_THINKING_LENGTH, budget));
      if (length !== budget) warnings.push(`codewhisperer: thinking budget ${thinking.budget_tokens} sent as ${length} (Kiro's range is ${MIN_THINKING_LENGTH}–${MAX_THINKING_LENGTH})`);
      return `<thinking_mode>enabled</thinking_mode><max_thinking_length>${length}</max_thinking_length>`;
    }
    case 'adaptive':
      return `<thinking_mode>adaptive</thinking_mode><thinking_effort>${effortOf(request)}</thinking_effort>`;
    case 'disabled':
      return undefined;
    default: {
      const unknown: never = thinking;
      warnings.push(`codewhisperer: thinking type ${JSON.stringify((unknown as { type?: unknown }).type)} ignored`);
      return undefined;
    }
  }
}

/** Anthropic's `max` has no Kiro counterpart above `high`. */
function effortOf(request: MessagesRequest): Effort {
  const config = request.output_config;
  const effort = typeof config === 'object' && config !== null ? (config as { effort?: unknown }).effort : undefined;
  if (effort === 'low' || effort === 'medium' || effort === 'high') return effort;
  return 'high';
}
