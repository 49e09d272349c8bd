/**
 * `openrouter`: OpenRouter's OpenAI-compatible API.
 * - Thinking becomes OpenRouter's unified `reasoning: { max_tokens }` (or `{ enabled: true }` for
 *   adaptive thinking: the model decides); its streamed `reasoning` deltas are read as thinking by the openai dialect.
 * - `cache_control` breakpoints put back for Anthropic and Gemini models (the openai dialect does
 *   not carry them, so other models get none).
 * - `HTTP-Referer` / `X-Title` name the app on openrouter.ai.
 * - Option `provider` passes provider routing through (`order`, `only`, `ignore`, `allow_fallbacks`,
 *   `sort`, …); any other option object is not sent.
 * @see https://openrouter.ai/docs/use-cases/reasoning-tokens
 * @see https://openrouter.ai/docs/features/provider-routing
 * @see https://openrouter.ai/docs/api-reference/overview#headers
 */
import type { OpenAIMessage } from '../../dialects/openai/types';
import { recordOption, stringOption } from '../options';
import { applyReasoningStyle, readRequestedThinking } from '../reasoning';
import type { TransformerDefinition } from '../types';
import { acceptsCacheControl, restoreCacheControl } from './openrouter-cache';

const OPENROUTER_DEFAULT_TITLE = 'ccr';
const OPENROUTER_DEFAULT_REFERER = 'http://localhost:3456';

export const openrouter: TransformerDefinition = {
  name: 'openrouter',
  description: 'OpenRouter: reasoning parameter, cache_control for models that take it, app headers, provider routing.',
  options: {
    provider: 'object, optional: OpenRouter provider routing, sent as the body\'s "provider"',
    referer: `string, optional: HTTP-Referer header (default ${OPENROUTER_DEFAULT_REFERER})`,
    title: `string, optional: X-Title header (default ${OPENROUTER_DEFAULT_TITLE})`,
  },
  create(options) {
    const provider = recordOption(options, 'openrouter', 'provider');
    const referer = stringOption(options, 'openrouter', 'referer') ?? OPENROUTER_DEFAULT_REFERER;
    const title = stringOption(options, 'openrouter', 'title') ?? OPENROUTER_DEFAULT_TITLE;
    return {
      dialect: 'openai',
      upstreamHeaders: (headers) => ({ 'HTTP-Referer': referer, 'X-Title': title, ...headers }),
      upstreamBody(body, ctx) {
        let next = applyReasoningStyle(body, readRequestedThinking(ctx.request), 'reasoning');
        // The openai dialect writes no cache_control: only the models that take it get it back.
        if (acceptsCacheControl(ctx.model) && Array.isArray(next.messages)) {
          next = { ...next, messages: restoreCacheControl(next.messages as OpenAIMessage[], ctx.request) };
        }
        if (provider) next = { ...next, provider: { ...(next.provider as object | undefined), ...provider } };
        return next;
      },
    };
  },
};
