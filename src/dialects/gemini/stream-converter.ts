/**
 * Gemini stream → Anthropic events. Each SSE `data:` of `streamGenerateContent?alt=sse` is a whole
 * GenerateContentResponse: text and thought parts arrive as deltas, function calls arrive whole,
 * usage is repeated (cumulatively) on chunks and final on the last. The same machine converts a
 * non-streaming response (convert-response.ts feeds it as one chunk), so both paths agree.
 *
 * Grammar: message_start + ping first; one block open at a time, indexes dense; consecutive
 * thought parts share a thinking block, consecutive text parts a text block; a function call is a
 * tool_use block with a single input_json_delta; message_delta waits for end(), because usage and
 * finishReason may come in any chunk. Thought signatures travel in thinking blocks
 * (thought-signature.ts); a thinking block's signature_delta is sent when it closes.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { ConversionContext, StreamConverter } from '../types';
import type { StreamEvent } from '../anthropic/types';
import { mapGeminiBlockReason, mapGeminiFinishReason, type MappedStop } from './map-finish-reason';
import { mapGeminiUsage } from './map-usage';
import { encodeThoughtSignature, type CarriedSignatures } from './thought-signature';
import type { GeminiFunctionCall, GeminiPart, GeminiResponse, GeminiUsageMetadata } from './types';
import { messageStartEvent } from '../message-start';

type OpenBlock = { kind: 'thinking'; index: number; carried: CarriedSignatures } | { kind: 'text'; index: number };

interface GeminiStreamState {
  started: boolean;
  finished: boolean;
  nextIndex: number;
  open: OpenBlock | undefined;
  sawToolUse: boolean;
  finishReason: string | undefined;
  blocked: MappedStop | undefined;
  usage: GeminiUsageMetadata | undefined;
}

export function createGeminiStreamConverter(ctx: ConversionContext): StreamConverter<GeminiResponse> {
  const state: GeminiStreamState = {
    started: false,
    finished: false,
    nextIndex: 0,
    open: undefined,
    sawToolUse: false,
    finishReason: undefined,
    blocked: undefined,
    usage: undefined,
  };

  const start = (out: StreamEvent[], usage: GeminiUsageMetadata | undefined) => {
    if (state.started) return;
    state.started = true;
    const { input_tokens, cache_read_input_tokens, cache_creation_input_tokens } = mapGeminiUsage(usage);
    out.push(
      messageStartEvent(ctx, { input_tokens, output_tokens: 0, cache_creation_input_tokens, cache_read_input_tokens }),
      { type: 'ping' },
    );
  };

  const close = (out: StreamEvent[]) => {
    const open = state.open;
    if (!open) return;
    if (open.kind === 'thinking') {
      out.push({ type: 'content_block_delta', index: open.index, delta: { type: 'signature_delta', signature: encodeThoughtSignature(open.carried) } });
    }
    out.push({ type: 'content_block_stop', index: open.index });
    state.open = undefined;
  };

  const openThinking = (out: StreamEvent[]): OpenBlock & { kind: 'thinking' } => {
    close(out);
    const block = { kind: 'thinking' as const, index: state.nextIndex++, carried: {} };
    out.push({ type: 'content_block_start', index: block.index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    state.open = block;
    return block;
  };

  /**
   * A signature on a text or functionCall part rides on the thinking block right before it: the
   * open one if the part follows a thought directly, else a carrier opened for it.
   */
  const carry = (out: StreamEvent[], signature: string, slot: 'emptyText' | 'next') => {
    const open = state.open;
    const reusable = open?.kind === 'thinking' && !open.carried.next && !(slot === 'emptyText' && open.carried.emptyText);
    const block = reusable ? (open as OpenBlock & { kind: 'thinking' }) : openThinking(out);
    block.carried[slot] = signature;
  };

  const pushThought = (out: StreamEvent[], part: GeminiPart) => {
    if (!part.text && !part.thoughtSignature) return;
    const open = state.open;
    // A signature ends a thought; a block that already carries one for a later part is done too.
    const continues = open?.kind === 'thinking' && !open.carried.own && !open.carried.emptyText && !open.carried.next;
    const block = continues ? (open as OpenBlock & { kind: 'thinking' }) : openThinking(out);
    if (part.text) out.push({ type: 'content_block_delta', index: block.index, delta: { type: 'thinking_delta', thinking: part.text } });
    if (part.thoughtSignature) block.carried.own = part.thoughtSignature;
  };

  const pushText = (out: StreamEvent[], text: string, signature: string | undefined) => {
    if (signature) carry(out, signature, text ? 'next' : 'emptyText');
    if (!text) return;
    if (state.open?.kind !== 'text') {
      close(out);
      state.open = { kind: 'text', index: state.nextIndex++ };
      out.push({ type: 'content_block_start', index: state.open.index, content_block: { type: 'text', text: '' } });
    }
    out.push({ type: 'content_block_delta', index: state.open.index, delta: { type: 'text_delta', text } });
  };

  const pushFunctionCall = (out: StreamEvent[], call: GeminiFunctionCall, signature: string | undefined) => {
    if (signature) carry(out, signature, 'next');
    close(out);
    const index = state.nextIndex++;
    const id = call.id || ctx.generateId('toolu');
    out.push(
      { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: ctx.toolNames.fromUpstream(call.name), input: {} } },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.args ?? {}) } },
      { type: 'content_block_stop', index },
    );
    state.sawToolUse = true;
  };

  const pushPart = (out: StreamEvent[], part: GeminiPart) => {
    if (part.thought) pushThought(out, part);
    else if (part.functionCall) pushFunctionCall(out, part.functionCall, part.thoughtSignature);
    else if (typeof part.text === 'string') pushText(out, part.text, part.thoughtSignature);
    else if (part.thoughtSignature) carry(out, part.thoughtSignature, 'emptyText');
    else ctx.warnings.push(`gemini: a response part of kind ${Object.keys(part).join(',')} has no Anthropic equivalent and was dropped`);
  };

  const push = (chunk: GeminiResponse): StreamEvent[] => {
    if (state.finished) return [];
    const out: StreamEvent[] = [];
    start(out, chunk.usageMetadata);
    if (chunk.usageMetadata) state.usage = chunk.usageMetadata;
    const blockReason = chunk.promptFeedback?.blockReason;
    if (blockReason) state.blocked = mapGeminiBlockReason(blockReason, chunk.promptFeedback?.blockReasonMessage);
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) pushPart(out, part);
    if (candidate?.finishReason) state.finishReason = candidate.finishReason;
    return out;
  };

  const end = (): StreamEvent[] => {
    if (state.finished) return [];
    const out: StreamEvent[] = [];
    start(out, state.usage);
    state.finished = true;
    const stop = state.blocked ?? mapGeminiFinishReason(state.finishReason, state.sawToolUse);
    close(out);
    if (stop.notice) pushText(out, stop.notice, undefined);
    close(out);
    const usage = mapGeminiUsage(state.usage);
    out.push({ type: 'message_delta', delta: { stop_reason: stop.stopReason, stop_sequence: null }, usage }, { type: 'message_stop' });
    return out;
  };

  return { push, end };
}
