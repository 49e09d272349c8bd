/**
 * `reasoning`: turns the Anthropic request's thinking into the knob the provider understands.
 * The openai dialect already writes `reasoning_effort`; this rewrites it into the provider's own
 * field, from the Anthropic request's `thinking`:
 * - `reasoning_effort` (default): OpenAI, Groq, Ollama, xAI… keep `reasoning_effort`, or drop it when thinking is off.
 * - `enable_thinking`: Qwen3 on SiliconFlow / DashScope / vLLM: `enable_thinking` + `thinking_budget`.
 * - `thinking`: Volcengine Ark (Doubao) and DeepSeek's toggle: `thinking: { type: "enabled" | "disabled" }`.
 * - `reasoning`: OpenRouter's unified object: `reasoning: { max_tokens }`, or `{ enabled: true }`.
 * Adaptive thinking, like in the openai dialect, is thinking on with no effort or budget: the
 * provider's default lets the model decide.
 * @see https://docs.siliconflow.cn/en/api-reference/chat-completions/chat-completions
 * @see https://www.volcengine.com/docs/82379/1449737
 * @see https://openrouter.ai/docs/use-cases/reasoning-tokens
 */
import { mapThinkingBudgetToReasoningEffort } from '../dialects/openai/map-thinking';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { TransformerOptionError, positiveIntegerOption, stringOption } from './options';
import type { TransformerDefinition, TransformerHooks } from './types';

export type ReasoningStyle = 'reasoning_effort' | 'enable_thinking' | 'thinking' | 'reasoning';
const STYLES: readonly ReasoningStyle[] = ['reasoning_effort', 'enable_thinking', 'thinking', 'reasoning'];

interface RequestedThinking {
  enabled: boolean;
  /** Anthropic's `budget_tokens`, when the client set one (absent for `adaptive`). */
  budget?: number;
}

/** What the client asked for, from the Anthropic request. */
export function readRequestedThinking(request: Readonly<MessagesRequest>): RequestedThinking {
  const thinking = request.thinking;
  if (!thinking || thinking.type === 'disabled') return { enabled: false };
  if (thinking.type === 'adaptive') return { enabled: true };
  // A type newer than ccr asks for nothing it can name.
  if (thinking.type !== 'enabled') return { enabled: false };
  return { enabled: true, budget: thinking.budget_tokens };
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
      return thinking.enabled && thinking.budget !== undefined ? { ...rest, reasoning_effort: mapThinkingBudgetToReasoningEffort(thinking.budget) } : rest;
    case 'enable_thinking':
      return thinking.enabled
        ? { ...rest, enable_thinking: true, ...(budget !== undefined ? { thinking_budget: budget } : {}) }
        : { ...rest, enable_thinking: false };
    case 'thinking':
      return { ...rest, thinking: { type: thinking.enabled ? 'enabled' : 'disabled' } };
    case 'reasoning':
      if (!thinking.enabled) return rest;
      return { ...rest, reasoning: budget !== undefined ? { max_tokens: budget } : { enabled: true } };
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
      return applyReasoningStyle(body, readRequestedThinking(ctx.request), style, maxBudget);
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
  create(options) {
    const style = stringOption(options, 'reasoning', 'style') ?? 'reasoning_effort';
    if (!STYLES.includes(style as ReasoningStyle)) throw new TransformerOptionError('reasoning', 'style', `one of ${STYLES.join(', ')}`);
    return reasoningHooks(style as ReasoningStyle, positiveIntegerOption(options, 'reasoning', 'max_budget'));
  },
};
