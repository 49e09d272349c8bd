/**
 * Folds a complete Anthropic event stream into the message it describes, the way Anthropic's SDKs
 * accumulate a stream. Lets a dialect convert a non-streaming response with its stream converter,
 * so the two paths cannot disagree.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import { parseToolArguments } from './parse-tool-arguments';
import type { MessageResponse, ResponseContentBlock, StreamEvent } from './types';

/** `warnings` receives what could not be carried (tool arguments that are not a JSON object). */
export function assembleMessage(events: readonly StreamEvent[], warnings: string[] = []): MessageResponse {
  let message: MessageResponse | undefined;
  const content: ResponseContentBlock[] = [];
  /** Tool input arrives as JSON text in pieces; parsed when its block stops. */
  const partialJson = new Map<number, string>();

  for (const event of events) {
    switch (event.type) {
      case 'message_start':
        message = { ...event.message, content };
        break;
      case 'content_block_start':
        content[event.index] = { ...event.content_block } as ResponseContentBlock;
        break;
      case 'content_block_delta': {
        const block = content[event.index];
        const delta = event.delta;
        switch (delta.type) {
          case 'text_delta':
            if (block?.type === 'text') block.text += delta.text;
            break;
          case 'thinking_delta':
            if (block?.type === 'thinking') block.thinking += delta.thinking;
            break;
          case 'signature_delta':
            if (block?.type === 'thinking') block.signature += delta.signature;
            break;
          case 'input_json_delta':
            partialJson.set(event.index, (partialJson.get(event.index) ?? '') + delta.partial_json);
            break;
          case 'citations_delta':
            if (block?.type === 'text') block.citations = [...(block.citations ?? []), delta.citation];
            break;
          default: {
            const _exhaustive: never = delta;
            throw new Error(`unknown delta ${JSON.stringify(_exhaustive)}`);
          }
        }
        break;
      }
      case 'content_block_stop': {
        const block = content[event.index];
        const json = partialJson.get(event.index);
        if (block?.type === 'tool_use' && json) block.input = parseToolArguments(json, block.name, warnings);
        break;
      }
      case 'message_delta':
        if (message) {
          message.stop_reason = event.delta.stop_reason;
          message.stop_sequence = event.delta.stop_sequence;
          message.usage = { ...message.usage, ...event.usage };
        }
        break;
      case 'error':
        throw new Error(`stream ended with ${event.error.type}: ${event.error.message}`);
      case 'message_stop':
      case 'ping':
        break;
      default: {
        const _exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  if (!message) throw new Error('stream had no message_start');
  return message;
}
