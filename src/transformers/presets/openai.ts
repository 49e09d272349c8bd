/**
 * `openai`: the upstream speaks OpenAI Chat Completions. For OpenAI's reasoning models (o-series,
 * gpt-5) it also sends `max_completion_tokens` instead of `max_tokens`, which they refuse, and drops
 * the sampling parameters they refuse; OpenAI's non-reasoning chat models get no
 * `reasoning_effort`, which they refuse; other models behind an OpenAI-compatible API are left as they are.
 * DeepSeek's `reasoning_content` is removed from assistant turns: OpenAI does not take it.
 * System messages stay where they stand: Chat Completions takes a system (or developer) message at
 * any position.
 * @see https://platform.openai.com/docs/guides/reasoning
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-max_completion_tokens
 */
import { omitFields, omitMessageField, renameMaxTokens } from '../body-fields';
import { booleanOption } from '../options';
import type { TransformerContext, TransformerDefinition } from '../types';

/** `o1`, `o3-mini`, `o4-mini`, `gpt-5`, `gpt-5-mini`…, with or without a router's `openai/` prefix. */
const REASONING_MODEL = /^(?:openai\/)?(?:o\d|gpt-5)(?:[-.:]|$)/i;

/** OpenAI's own chat models that do not reason (gpt-4o, gpt-4.1…): they refuse `reasoning_effort`. */
const OPENAI_CHAT_MODEL = /^(?:openai\/)?(?:gpt-|chatgpt-)/i;

const REASONING_MODEL_REFUSED_FIELDS = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs', 'logit_bias'];

export const openai: TransformerDefinition = {
  name: 'openai',
  description: 'OpenAI Chat Completions; max_completion_tokens and no sampling parameters for o-series and gpt-5 models.',
  options: { reasoning_model: 'boolean, optional: treat the model as a reasoning model (default: detected from its name)' },
  create(options) {
    const forced = booleanOption(options, 'openai', 'reasoning_model');
    return {
      dialect: 'openai',
      systemMessages: 'keep',
      upstreamBody(input, ctx: TransformerContext) {
        const body = omitMessageField(input, 'reasoning_content');
        const reasoningModel = forced ?? REASONING_MODEL.test(ctx.model);
        if (!reasoningModel) return OPENAI_CHAT_MODEL.test(ctx.model) ? omitFields(body, ['reasoning_effort']) : body;
        const drop = (field: string) => ctx.warnings.push(`openai: ${field} dropped, ${ctx.model} refuses it`);
        return renameMaxTokens(omitFields(body, REASONING_MODEL_REFUSED_FIELDS, drop));
      },
    };
  },
};
