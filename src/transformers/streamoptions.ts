/**
 * `streamoptions`: `{ "include_usage": false }` removes `stream_options` from streamed OpenAI-format
 * requests, for OpenAI-compatible servers that refuse the field. The openai dialect already asks for
 * usage in streams (`stream_options.include_usage`), so the default, `true`, changes nothing.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
import { omitFields } from './body-fields';
import { booleanOption } from './options';
import type { TransformerDefinition } from './types';

export const streamoptions: TransformerDefinition = {
  name: 'streamoptions',
  description: 'With include_usage false, removes stream_options from streamed requests (the openai dialect asks for usage already).',
  options: { include_usage: 'boolean, default true (usage is asked for, as the openai dialect does); false removes stream_options' },
  create(options) {
    if (booleanOption(options, 'streamoptions', 'include_usage') ?? true) return {};
    return { upstreamBody: (body) => (body.stream === true ? omitFields(body, ['stream_options']) : body) };
  },
};
