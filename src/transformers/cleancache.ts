/**
 * `cleancache`: removes every `cache_control` marker from the Anthropic request (system, messages,
 * tools), for upstreams that refuse the field (Anthropic-compatible endpoints of other vendors).
 */
import type { MessageParam, MessagesRequest, Tool } from '../dialects/anthropic/types';
import { omitFields } from './body-fields';
import type { TransformerDefinition } from './types';

function withoutCacheControl<T extends object>(item: T): T {
  return omitFields(item, ['cache_control']);
}

function cleanMessage(message: MessageParam): MessageParam {
  if (typeof message.content === 'string') return message;
  return {
    ...message,
    content: message.content.map((block) => {
      const cleaned = withoutCacheControl(block);
      if (cleaned.type === 'tool_result' && Array.isArray(cleaned.content)) {
        return { ...cleaned, content: cleaned.content.map(withoutCacheControl) };
      }
      return cleaned;
    }),
  };
}

function removeCacheControl(request: MessagesRequest): MessagesRequest {
  return {
    ...request,
    ...(Array.isArray(request.system) ? { system: request.system.map(withoutCacheControl) } : {}),
    messages: request.messages.map(cleanMessage),
    ...(request.tools ? { tools: request.tools.map((tool: Tool) => withoutCacheControl(tool)) } : {}),
  };
}

export const cleancache: TransformerDefinition = {
  name: 'cleancache',
  description: 'Removes cache_control from system, messages and tools.',
  create: () => ({ request: removeCacheControl }),
};
