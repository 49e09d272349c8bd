/**
 * `deepseek`: DeepSeek's OpenAI-compatible API.
 * - `max_tokens` capped at the model's limit, which DeepSeek refuses to exceed: deepseek-chat 8K,
 *   deepseek-reasoner 64K (option `max_tokens` overrides, e.g. for newer models).
 * - `reasoning_content` kept on assistant turns that carry tool calls (thinking mode answers 400
 *   without it) and removed from the others (ignored there, and older reasoner versions refused it).
 * - deepseek-reasoner: parameters it refuses (logprobs, top_logprobs) or ignores (temperature,
 *   top_p, presence/frequency penalty) are dropped; the mode follows the model name, so
 *   `reasoning_effort` is dropped for deepseek-chat and deepseek-reasoner.
 * @see https://api-docs.deepseek.com/quick_start/pricing
 * @see https://api-docs.deepseek.com/guides/reasoning_model
 * @see https://api-docs.deepseek.com/guides/thinking_mode
 */
import { omitFields, omitMessageField } from '../body-fields';
import { capMaxTokens } from '../maxtoken';
import { positiveIntegerOption } from '../options';
import type { TransformerContext, TransformerDefinition } from '../types';

const DEEPSEEK_MAX_TOKENS: Readonly<Record<string, number>> = {
  'deepseek-chat': 8_192,
  'deepseek-reasoner': 65_536,
};

const REASONER_DROPPED_FIELDS = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs'];

/** Thinking mode answers 400 when an assistant turn with tool calls lacks its reasoning_content. */
const carriesToolCalls = (message: Record<string, unknown>) => message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0;

export const deepseek: TransformerDefinition = {
  name: 'deepseek',
  description: 'DeepSeek: max_tokens capped per model, reasoning_content sent back on tool-call turns, reasoner-refused parameters dropped.',
  options: { max_tokens: 'number, optional: the cap (default deepseek-chat 8192, deepseek-reasoner 65536, other models uncapped)' },
  create(options) {
    const configuredCap = positiveIntegerOption(options, 'deepseek', 'max_tokens');
    return {
      dialect: 'openai',
      request: (request, ctx) => capMaxTokens(request, configuredCap ?? DEEPSEEK_MAX_TOKENS[ctx.model]),
      upstreamBody(body, ctx: TransformerContext) {
        let next = omitMessageField(body, 'reasoning_content', carriesToolCalls);
        if (ctx.model in DEEPSEEK_MAX_TOKENS) next = omitFields(next, ['reasoning_effort']);
        if (ctx.model === 'deepseek-reasoner') {
          next = omitFields(next, REASONER_DROPPED_FIELDS, (field) => ctx.warnings.push(`deepseek: ${field} dropped, deepseek-reasoner refuses or ignores it`));
        }
        return next;
      },
    };
  },
};
