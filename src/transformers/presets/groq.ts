/**
 * `groq`: Groq's OpenAI-compatible API answers 400 to `logprobs`, `logit_bias`, `top_logprobs`,
 * `messages[].name` and `n` other than 1; they are removed, as is DeepSeek's `reasoning_content`,
 * which Groq does not document.
 * @see https://console.groq.com/docs/openai
 */
import { omitFields, omitMessageField } from '../body-fields';
import type { TransformerDefinition } from '../types';

const REFUSED_FIELDS = ['logprobs', 'logit_bias', 'top_logprobs'];

export const groq: TransformerDefinition = {
  name: 'groq',
  description: 'Groq: removes logprobs, logit_bias, top_logprobs, messages[].name and n.',
  create: () => ({
    dialect: 'openai',
    upstreamBody(body, ctx) {
      const drop = (field: string) => ctx.warnings.push(`groq: ${field} dropped, Groq refuses it`);
      let next = omitMessageField(omitMessageField(omitFields(body, REFUSED_FIELDS, drop), 'reasoning_content'), 'name');
      if (next.n !== undefined && next.n !== 1) next = omitFields(next, ['n'], drop);
      return next;
    },
  }),
};
