/**
 * `streamoptions`: sets or removes `stream_options.include_usage` on streamed OpenAI-format
 * requests. With it, the last chunk carries usage (token counts for the client and ccr's accounting);
 * some OpenAI-compatible servers refuse the field, hence `{ "include_usage": false }` removes it.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
import { booleanOption } from './options';
import type { TransformerDefinition, TransformerHooks } from './types';

export function streamOptionsHooks(includeUsage: boolean): TransformerHooks {
  return {
    upstreamBody(body) {
      if (body.stream !== true) return body;
      if (includeUsage) return { ...body, stream_options: { ...(body.stream_options as object | undefined), include_usage: true } };
      if (!('stream_options' in body)) return body;
      const { stream_options: _removed, ...rest } = body;
      return rest;
    },
  };
}

export const streamoptions: TransformerDefinition = {
  name: 'streamoptions',
  description: 'Sets stream_options.include_usage on streamed requests, or removes stream_options.',
  options: { include_usage: 'boolean, default true; false removes stream_options' },
  source: 'builtin',
  create: (options) => streamOptionsHooks(booleanOption(options, 'streamoptions', 'include_usage') ?? true),
};
