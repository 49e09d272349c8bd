import type { StreamEvent, Usage } from './anthropic/types';
import type { ConversionContext } from './types';

/** The `message_start` every converted stream opens with: empty content, the model the client asked for. */
export function messageStartEvent(ctx: ConversionContext, usage: Usage = { input_tokens: 0, output_tokens: 0 }): StreamEvent {
  return {
    type: 'message_start',
    message: {
      id: ctx.generateId('msg'),
      type: 'message',
      role: 'assistant',
      model: ctx.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  };
}
