/**
 * `reasoning`: turns the Anthropic request's thinking into the knob the provider understands.
 * The openai dialect already writes `reasoning_effort` (and carries the budget under
 * REASONING_BUDGET); this rewrites that into the provider's own field:
 * - `reasoning_effort` (default): OpenAI, Groq, Ollama, xAI… keep `reasoning_effort`, or drop it when thinking is off.
 * - `enable_thinking`: Qwen3 on SiliconFlow / DashScope / vLLM: `enable_thinking` + `thinking_budget`.
 * - `thinking`: Volcengine Ark (Doubao) and DeepSeek's toggle: `thinking: { type: "enabled" | "disabled" }`.
 * - `reasoning`: OpenRouter's unified object: `reasoning: { max_tokens }` or `{ effort }`.
 * @see https://docs.siliconflow.cn/en/api-reference/chat-completions/chat-completions
 * @see https://www.volcengine.com/docs/82379/1449737
 * @see https://openrouter.ai/docs/use-cases/reasoning-tokens
 */
import { mapThinkingBudgetToReasoningEffort } from '../dialects/openai/map-thinking';
import { REASONING_BUDGET, type OpenAIReasoningEffort } from '../dialects/openai/types';
import { TransformerOptionError, positiveIntegerOption, stringOption } from './options';
import type { TransformerContext, TransformerDefinition, TransformerHooks } from './types';

export type ReasoningStyle = 'reasoning_effort' | 'enable_thinking' | 'thinking' | 'reasoning';
const STYLES: readonly ReasoningStyle[] = ['reasoning_effort', 'enable_thinking', 'thinking', 'reasoning'];

export interface RequestedThinking {
  enabled: boolean;
  /** Anthropic's `budget_tokens`, when the client set one (absent for `adaptive`). */
  budget?: number;
  effort?: OpenAIReasoningEffort;
}

/** What the client asked for: from the Anthropic request when dispatch passed it, else from what the dialect wrote. */
export function readRequestedThinking(body: Record<string, unknown>, ctx: TransformerContext): RequestedThinking {
  const thinking = ctx.request?.thinking;
  if (thinking) {
    if (thinking.type === 'disabled') return { enabled: false };
    if (thinking.type === 'adaptive') return { enabled: true, effort: 'medium' };
    return { enabled: true, budget: thinking.budget_tokens, effort: mapThinkingBudgetToReasoningEffort(thinking.budget_tokens) };
  }
  if (ctx.request) return { enabled: false };
  const budget = (body as { [REASONING_BUDGET]?: number })[REASONING_BUDGET];
  const effort = body.reasoning_effort as OpenAIReasoningEffort | undefined;
  if (budget === undefined && effort === undefined) return { enabled: false };
  return { enabled: true, budget, effort: effort ?? (budget !== undefined ? mapThinkingBudgetToReasoningEffort(budget) : 'medium') };
}

export function applyReasoningStyle(
  body: Record<string, unknown>,
  thinking: RequestedThinking,
  style: ReasoningStyle,
  maxBudget?: number,
): Record<string, unknown> {
  const { reasoning_effort: _effort, ...rest } = body;
  const budget = thinking.budget !== undefined && maxBudget !== undefined ? Math.min(thinking.budget, maxBudget) : thinking.budget;
  switch (style) {
    case 'reasoning_effort':
      return thinking.enabled ? { ...rest, reasoning_effort: thinking.effort ?? 'medium' } : rest;
    case 'enable_thinking':
      return thinking.enabled
        ? { ...rest, enable_thinking: true, ...(budget !== undefined ? { thinking_budget: budget } : {}) }
        : { ...rest, enable_thinking: false };
    case 'thinking':
      return { ...rest, thinking: { type: thinking.enabled ? 'enabled' : 'disabled' } };
    case 'reasoning':
      if (!thinking.enabled) return rest;
      return { ...rest, reasoning: budget !== undefined ? { max_tokens: budget } : { effort: thinking.effort ?? 'medium' } };
    default: {
      const _exhaustive: never = style;
      return _exhaustive;
    }
  }
}

export function reasoningHooks(style: ReasoningStyle, maxBudget?: number): TransformerHooks {
  return {
    upstreamBody(body, ctx) {
      if (ctx.dialect !== 'openai') {
        ctx.warnings.push(`reasoning: only OpenAI-format bodies are rewritten; ${ctx.dialect} left as is`);
        return body;
      }
      return applyReasoningStyle(body, readRequestedThinking(body, ctx), style, maxBudget);
    },
  };
}

export const reasoning: TransformerDefinition = {
  name: 'reasoning',
  description: "Turns Anthropic thinking into the provider's reasoning parameter.",
  options: {
    style: `one of ${STYLES.join(', ')}; default reasoning_effort`,
    max_budget: 'number, optional: caps the thinking budget sent (enable_thinking, reasoning styles)',
  },
  source: 'builtin',
  create(options) {
    const style = stringOption(options, 'reasoning', 'style') ?? 'reasoning_effort';
    if (!STYLES.includes(style as ReasoningStyle)) throw new TransformerOptionError('reasoning', 'style', `one of ${STYLES.join(', ')}`);
    return reasoningHooks(style as ReasoningStyle, positiveIntegerOption(options, 'reasoning', 'max_budget'));
  },
};
