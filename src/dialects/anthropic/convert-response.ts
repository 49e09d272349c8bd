import type { ConversionContext } from '../types';
import type { MessageResponse } from './types';

/**
 * Reports the model the client asked for (ConversionContext.requestedModel): Claude Code shows it
 * and keys its context-window and cost logic on it, and every other dialect reports it too. The
 * byte-for-byte stream pipe is the one path that keeps the upstream's name, because it never
 * parses the stream.
 */
export function convertAnthropicResponse(response: MessageResponse, ctx: ConversionContext): MessageResponse {
  return { ...response, model: ctx.requestedModel };
}
