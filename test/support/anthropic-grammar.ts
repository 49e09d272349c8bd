/**
 * A checker of Anthropic's stream event grammar, reusable by every dialect's tests:
 * message_start, then blocks (start → delta* → stop, dense indexes, never interleaved),
 * then one message_delta and message_stop; ping anywhere after message_start; an error event ends it.
 * Two rules clients rely on: a stream that opened a tool_use block ends with stop_reason tool_use
 * (Claude Code drops the call otherwise), and every thinking block carries a signature_delta before
 * its stop (clients send the signature back).
 * Throws an Error naming the first violation and its position.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StreamEvent } from '../../src/dialects/anthropic/types';

const DELTA_FOR_BLOCK: Record<string, readonly string[]> = {
  text: ['text_delta', 'citations_delta'],
  tool_use: ['input_json_delta'],
  server_tool_use: ['input_json_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
  web_search_tool_result: [],
};

export function assertAnthropicEventGrammar(events: readonly StreamEvent[]): void {
  const fail = (at: number, why: string): never => {
    throw new Error(`event ${at} (${events[at]?.type ?? 'end'}): ${why}`);
  };
  if (events.length === 0) fail(0, 'no events');
  if (events[0].type !== 'message_start') fail(0, 'first event must be message_start');

  let nextIndex = 0;
  let open: { index: number; type: string; signed: boolean } | undefined;
  let sawToolUse = false;
  let sawMessageDelta = false;
  let stopped = false;

  for (let at = 1; at < events.length; at++) {
    const event = events[at];
    if (stopped) fail(at, 'event after message_stop or error');
    switch (event.type) {
      case 'message_start':
        fail(at, 'second message_start');
        break;
      case 'ping':
        break;
      case 'content_block_start':
        if (sawMessageDelta) fail(at, 'block after message_delta');
        if (open) fail(at, `block ${open.index} still open`);
        if (event.index !== nextIndex) fail(at, `index ${event.index}, expected ${nextIndex}`);
        if (!(event.content_block.type in DELTA_FOR_BLOCK)) fail(at, `unknown block type ${event.content_block.type}`);
        open = { index: event.index, type: event.content_block.type, signed: false };
        if (open.type === 'tool_use') sawToolUse = true;
        nextIndex++;
        break;
      case 'content_block_delta':
        if (!open || open.index !== event.index) fail(at, `delta for block ${event.index}, which is not open`);
        if (!DELTA_FOR_BLOCK[open!.type].includes(event.delta.type)) fail(at, `${event.delta.type} in a ${open!.type} block`);
        if (event.delta.type === 'signature_delta') open!.signed = true;
        break;
      case 'content_block_stop':
        if (!open || open.index !== event.index) fail(at, `stop for block ${event.index}, which is not open`);
        if (open!.type === 'thinking' && !open!.signed) fail(at, `thinking block ${event.index} stops without a signature_delta`);
        open = undefined;
        break;
      case 'message_delta':
        if (open) fail(at, `message_delta while block ${open.index} is open`);
        if (sawMessageDelta) fail(at, 'second message_delta');
        if (typeof event.usage?.output_tokens !== 'number') fail(at, 'message_delta without usage.output_tokens');
        if (sawToolUse && event.delta.stop_reason !== 'tool_use') fail(at, `stop_reason ${event.delta.stop_reason} after a tool_use block`);
        sawMessageDelta = true;
        break;
      case 'message_stop':
        if (!sawMessageDelta) fail(at, 'message_stop before message_delta');
        stopped = true;
        break;
      case 'error':
        stopped = true;
        break;
      default: {
        const _exhaustive: never = event;
        fail(at, `unknown event ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  if (!stopped) fail(events.length, 'stream did not end with message_stop or error');
}
