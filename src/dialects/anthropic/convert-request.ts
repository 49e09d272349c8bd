/**
 * The request is already in the upstream's language: only the model changes. The body is spread,
 * not rebuilt, so fields ccr does not know (new Anthropic parameters, `context_management`, …)
 * reach the upstream untouched.
 */
import type { ConversionContext } from '../types';
import type { MessagesRequest } from './types';

export function convertAnthropicRequest(request: MessagesRequest, ctx: ConversionContext): MessagesRequest {
  return { ...request, model: ctx.model };
}
