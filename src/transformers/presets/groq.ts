/**
 * `groq`: Groq's OpenAI-compatible API answers 400 to `logprobs`, `logit_bias`, `top_logprobs`,
 * `messages[].name` and `n` other than 1; they are removed, as is DeepSeek's `reasoning_content`,
 * which Groq does not document.
 * @see https://console.groq.com/docs/openai
 */
import { omitFields, withoutReasoningContent } from '../body-fields';
import type { TransformerDefinition } from '../types';

const REFUSED_FIELDS = ['logprobs', 'logit_bias', 'top_logprobs'];

export const groq: TransformerDefinition = {
  name: 'groq',
  description: 'Groq: removes logprobs, logit_bias, top_logprobs, messages[].name and n.',
  source: 'builtin',
  create: () => ({
    dialect: 'openai',
    upstreamBody(body, ctx) {
      const drop = (field: string) => ctx.warnings.push(`groq: ${field} dropped, Groq refuses it`);
      let next = withoutReasoningContent(omitFields(body, REFUSED_FIELDS, drop));
      if (next.n !== undefined && next.n !== 1) next = omitFields(next, ['n'], drop);
      if (Array.isArray(next.messages) && next.messages.some((message) => 'name' in (message as object))) {
        next = { ...next, messages: (next.messages as Record<string, unknown>[]).map((message) => omitFields(message, ['name'])) };
      }
      return next;
    },
  }),
};
