/**
 * `cerebras`: Cerebras answers 400 to `frequency_penalty`, `presence_penalty`, `logit_bias`,
 * `parallel_tool_calls` and `service_tier`; they are removed, and `max_tokens` is sent as
 * `max_completion_tokens`, the name its API documents. DeepSeek's `reasoning_content`, which it does
 * not document, is removed from assistant turns.
 * @see https://inference-docs.cerebras.ai/resources/openai
 */
import { omitFields, omitMessageField, renameMaxTokens } from '../body-fields';
import type { TransformerDefinition } from '../types';

const REFUSED_FIELDS = ['frequency_penalty', 'presence_penalty', 'logit_bias', 'parallel_tool_calls', 'service_tier'];

export const cerebras: TransformerDefinition = {
  name: 'cerebras',
  description: 'Cerebras: removes parameters it refuses; max_completion_tokens instead of max_tokens.',
  create: () => ({
    dialect: 'openai',
    upstreamBody: (body, ctx) =>
      renameMaxTokens(omitMessageField(omitFields(body, REFUSED_FIELDS, (field) => ctx.warnings.push(`cerebras: ${field} dropped, Cerebras refuses it`)), 'reasoning_content')),
  }),
};
