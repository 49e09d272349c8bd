/** Builds Anthropic stream events for stream-hook tests. */
import type { ContentBlockDelta, StartedContentBlock, StopReason, StreamEvent } from '../dialects/anthropic/types';
import { composeChain } from './chain';
import type { TransformerContext, TransformerHooks } from './types';

export const messageStart: StreamEvent = {
  type: 'message_start',
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } },
};

export function block(index: number, content_block: StartedContentBlock, deltas: ContentBlockDelta[]): StreamEvent[] {
  return [
    { type: 'content_block_start', index, content_block },
    ...deltas.map((delta): StreamEvent => ({ type: 'content_block_delta', index, delta })),
    { type: 'content_block_stop', index },
  ];
}

export function messageEnd(stop_reason: StopReason): StreamEvent[] {
  return [{ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: 5 } }, { type: 'message_stop' }];
}

/** Runs events through the hooks' stream stage as dispatch would: each event, then end(). */
export function runStream(hooks: TransformerHooks, events: readonly StreamEvent[], ctx: TransformerContext): StreamEvent[] {
  const stream = composeChain([{ name: 'under-test', hooks }]).stream(ctx);
  const out: StreamEvent[] = [];
  for (const event of events) out.push(...stream.event(event));
  out.push(...stream.end());
  return out;
}

/** The text of each block, by type, in order. */
export function blockTexts(events: readonly StreamEvent[]): Array<[string, string]> {
  const blocks: Array<[string, string]> = [];
  for (const event of events) {
    if (event.type === 'content_block_start') blocks.push([event.content_block.type, '']);
    if (event.type === 'content_block_delta') {
      const last = blocks[blocks.length - 1];
      const delta = event.delta;
      if (delta.type === 'text_delta') last[1] += delta.text;
      else if (delta.type === 'thinking_delta') last[1] += delta.thinking;
      else if (delta.type === 'input_json_delta') last[1] += delta.partial_json;
    }
  }
  return blocks;
}
