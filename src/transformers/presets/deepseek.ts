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
import type { OpenAIMessage } from '../../dialects/openai/types';
import { omitFields } from '../body-fields';
import { positiveIntegerOption } from '../options';
import type { TransformerContext, TransformerDefinition } from '../types';

export const DEEPSEEK_MAX_TOKENS: Readonly<Record<string, number>> = {
  'deepseek-chat': 8_192,
  'deepseek-reasoner': 65_536,
};

const REASONER_DROPPED_FIELDS = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs'];

export function keepReasoningOnToolCallTurns(messages: readonly OpenAIMessage[]): OpenAIMessage[] {
  return messages.map((message) => {
    if (message.role !== 'assistant' || message.reasoning_content === undefined) return message;
    if (message.tool_calls?.length) return message;
    const { reasoning_content: _unneeded, ...rest } = message;
    return rest;
  });
}

export const deepseek: TransformerDefinition = {
  name: 'deepseek',
  description: 'DeepSeek: max_tokens capped per model, reasoning_content sent back on tool-call turns, reasoner-refused parameters dropped.',
  options: { max_tokens: 'number, optional: the cap (default deepseek-chat 8192, deepseek-reasoner 65536, other models uncapped)' },
  source: 'builtin',
  create(options) {
    const configuredCap = positiveIntegerOption(options, 'deepseek', 'max_tokens');
    return {
      dialect: 'openai',
      request(request, ctx) {
        const cap = configuredCap ?? DEEPSEEK_MAX_TOKENS[ctx.model];
        return cap !== undefined && request.max_tokens > cap ? { ...request, max_tokens: cap } : request;
      },
      upstreamBody(body, ctx: TransformerContext) {
        let next = body;
        if (Array.isArray(body.messages)) next = { ...next, messages: keepReasoningOnToolCallTurns(body.messages as OpenAIMessage[]) };
        if (ctx.model in DEEPSEEK_MAX_TOKENS) next = omitFields(next, ['reasoning_effort']);
        if (ctx.model === 'deepseek-reasoner') {
          next = omitFields(next, REASONER_DROPPED_FIELDS, (field) => ctx.warnings.push(`deepseek: ${field} dropped, deepseek-reasoner refuses or ignores it`));
        }
        return next;
      },
    };
  },
};
