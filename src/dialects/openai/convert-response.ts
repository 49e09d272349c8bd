/**
 * A non-streaming OpenAI Chat Completions response → an Anthropic message, through the stream
 * converter fed the response as its only chunk: one set of rules for content, tool calls, refusals,
 * stop reasons and usage, so the two paths cannot disagree.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://docs.anthropic.com/en/api/messages#response
 */
import { assembleMessage } from '../anthropic/assemble-message';
import type { MessageResponse } from '../anthropic/types';
import type { ConversionContext } from '../types';
import { createOpenAIStreamConverter } from './stream-converter';
import type { OpenAIChatChunk, OpenAIChatResponse } from './types';

export function convertOpenAIToAnthropic(response: OpenAIChatResponse, ctx: ConversionContext): MessageResponse {
  const choice = response.choices?.[0];
  if (choice === undefined) ctx.warnings.push('upstream response has no choices: empty message');
  const chunk: OpenAIChatChunk = {
    choices: choice ? [{ index: 0, delta: choice.message ?? {}, finish_reason: choice.finish_reason, stop_reason: choice.stop_reason }] : [],
    usage: response.usage,
  };
  const converter = createOpenAIStreamConverter(ctx);
  return assembleMessage([...converter.push(chunk), ...converter.end()], ctx.warnings);
}
