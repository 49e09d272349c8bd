/**
 * A non-streaming Gemini response → an Anthropic message, through the stream converter fed the
 * response as its only chunk: one set of rules for parts, signatures, stop reasons and usage.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
import type { ConversionContext } from '../types';
import { assembleMessage } from '../anthropic/assemble-message';
import type { MessageResponse } from '../anthropic/types';
import { createGeminiStreamConverter } from './stream-converter';
import type { GeminiResponse } from './types';

export function convertGeminiToAnthropic(response: GeminiResponse, ctx: ConversionContext): MessageResponse {
  const converter = createGeminiStreamConverter(ctx);
  return assembleMessage([...converter.push(response), ...converter.end()], ctx.warnings);
}
