/**
 * `volcengine`: Volcengine Ark (Doubao, and the DeepSeek/Kimi/GLM models it hosts), OpenAI-compatible
 * at `https://ark.cn-beijing.volces.com/api/v3/chat/completions`. Thinking is switched with
 * `thinking: { type: "enabled" | "disabled" }` rather than `reasoning_effort`.
 * @see https://www.volcengine.com/docs/82379/1449737
 */
import { reasoningHooks } from '../reasoning';
import type { TransformerDefinition } from '../types';

export const volcengine: TransformerDefinition = {
  name: 'volcengine',
  description: 'Volcengine Ark: thinking as thinking.type enabled/disabled.',
  create: () => ({ dialect: 'openai', ...reasoningHooks('thinking') }),
};
