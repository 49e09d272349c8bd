/**
 * `maxtoken`: caps the request's `max_tokens` (Claude Code asks for 32,000 and more, which many
 * models refuse with a 400). Works in every dialect: it edits the Anthropic request.
 * `["maxtoken", { "max_tokens": 8192 }]`
 */
import { TransformerOptionError, positiveIntegerOption } from './options';
import type { MessagesRequest } from '../dialects/anthropic/types';
import type { TransformerDefinition } from './types';

/** `request` with `max_tokens` lowered to `cap` when above it (and when there is a cap). */
export function capMaxTokens(request: MessagesRequest, cap: number | undefined): MessagesRequest {
  return cap !== undefined && request.max_tokens > cap ? { ...request, max_tokens: cap } : request;
}

export const maxtoken: TransformerDefinition = {
  name: 'maxtoken',
  description: 'Caps max_tokens at the given value.',
  options: { max_tokens: 'number, required: the largest max_tokens sent upstream' },
  create(options) {
    const cap = positiveIntegerOption(options, 'maxtoken', 'max_tokens');
    if (cap === undefined) throw new TransformerOptionError('maxtoken', 'max_tokens', 'set (a positive integer)');
    return {
      request: (request) => capMaxTokens(request, cap),
    };
  },
};
