/**
 * The request is already in the upstream's language: only the model changes, and system messages
 * inside `messages` move where an Anthropic-compatible endpoint that refuses them can take them
 * (system-messages.ts; Anthropic's own API keeps them). The body is spread, not rebuilt, so fields
 * ccr does not know (new Anthropic parameters, `context_management`, …) reach the upstream untouched.
 */
import { placeSystemMessages } from '../system-messages';
import type { ConversionContext } from '../types';
import type { MessagesRequest } from './types';

export function convertAnthropicRequest(request: MessagesRequest, ctx: ConversionContext): MessagesRequest {
  return { ...placeSystemMessages(request, ctx.systemMessages, ctx.warnings), model: ctx.model };
}
