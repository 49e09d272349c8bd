/**
 * A complete message as Anthropic's stream grammar, for a client that asked for a stream from an
 * upstream that answered with one JSON body.
 */
import type { MessageResponse, ResponseContentBlock, StartedContentBlock, StreamEvent } from '../dialects/anthropic/types';

export function messageToEvents(message: MessageResponse): StreamEvent[] {
  const events: StreamEvent[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 0 } },
    },
  ];
  message.content.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: startOf(block) });
    for (const delta of deltasOf(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  events.push(
    { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence }, usage: message.usage },
    { type: 'message_stop' },
  );
  return events;
}

function startOf(block: ResponseContentBlock): StartedContentBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted_thinking':
      return block;
    default:
      return block;
  }
}

function deltasOf(block: ResponseContentBlock) {
  switch (block.type) {
    case 'text':
      return block.text ? [{ type: 'text_delta' as const, text: block.text }] : [];
    case 'tool_use':
      return [{ type: 'input_json_delta' as const, partial_json: JSON.stringify(block.input ?? {}) }];
    case 'thinking':
      return [
        { type: 'thinking_delta' as const, thinking: block.thinking },
        { type: 'signature_delta' as const, signature: block.signature },
      ];
    default:
      return [];
  }
}
