/**
 * `siliconflow`: SiliconFlow's OpenAI-compatible API. Thinking is switched with `enable_thinking`
 * and sized with `thinking_budget` (at most 32,768) for its hybrid models (Qwen3, GLM-4.5,
 * DeepSeek-V3.1…), rather than `reasoning_effort`.
 * @see https://docs.siliconflow.cn/en/api-reference/chat-completions/chat-completions
 */
import { positiveIntegerOption } from '../options';
import { reasoningHooks } from '../reasoning';
import type { TransformerDefinition } from '../types';

const SILICONFLOW_MAX_THINKING_BUDGET = 32_768;

export const siliconflow: TransformerDefinition = {
  name: 'siliconflow',
  description: 'SiliconFlow: thinking as enable_thinking + thinking_budget.',
  options: { max_budget: `number, optional: largest thinking_budget (default ${SILICONFLOW_MAX_THINKING_BUDGET})` },
  create: (options) => ({
    dialect: 'openai',
    ...reasoningHooks('enable_thinking', positiveIntegerOption(options, 'siliconflow', 'max_budget') ?? SILICONFLOW_MAX_THINKING_BUDGET),
  }),
};
