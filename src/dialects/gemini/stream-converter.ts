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
import type { StreamEvent } from '../anthropic/types';
import { createBlockWriter } from '../block-writer';
import { messageEndEvents, messageStartEvents } from '../message-start';
import type { ConversionContext, StreamConverter } from '../types';
import { mapGeminiBlockReason, mapGeminiFinishReason, type MappedStop } from './map-finish-reason';
import { mapGeminiUsage } from './map-usage';
import { encodeThoughtSignature, type CarriedSignatures } from './thought-signature';
import type { GeminiFunctionCall, GeminiPart, GeminiResponse, GeminiUsageMetadata } from './types';

/** The open thinking block's signatures, sent as its signature_delta when it closes. */
type OpenThinking = { carried: CarriedSignatures };

interface GeminiStreamState {
  started: boolean;
  finished: boolean;
  /** Set while the open block is a thinking block. */
  thinking: OpenThinking | undefined;
  sawToolUse: boolean;
  finishReason: string | undefined;
  blocked: MappedStop | undefined;
  usage: GeminiUsageMetadata | undefined;
}

export function createGeminiStreamConverter(ctx: ConversionContext): StreamConverter<GeminiResponse> {
  const writer = createBlockWriter();
  const state: GeminiStreamState = {
    started: false,
    finished: false,
    thinking: undefined,
    sawToolUse: false,
    finishReason: undefined,
    blocked: undefined,
    usage: undefined,
  };

  const start = (out: StreamEvent[], usage: GeminiUsageMetadata | undefined) => {
    if (state.started) return;
    state.started = true;
    const { input_tokens, cache_read_input_tokens, cache_creation_input_tokens } = mapGeminiUsage(usage);
    messageStartEvents(ctx, out, { input_tokens, output_tokens: 0, cache_creation_input_tokens, cache_read_input_tokens });
  };

  const close = (out: StreamEvent[]) => {
    writer.close(out, state.thinking && encodeThoughtSignature(state.thinking.carried));
    state.thinking = undefined;
  };

  const openThinking = (out: StreamEvent[]): OpenThinking => {
    close(out);
    writer.open({ type: 'thinking', thinking: '', signature: '' }, out);
    state.thinking = { carried: {} };
    return state.thinking;
  };

  /**
   * A signature on a text or functionCall part rides on the thinking block right before it: the
   * open one if the part follows a thought directly, else a carrier opened for it.
   */
  const carry = (out: StreamEvent[], signature: string, slot: 'emptyText' | 'next') => {
    const open = state.thinking;
    const reusable = open !== undefined && !open.carried.next && !(slot === 'emptyText' && open.carried.emptyText);
    const block = reusable ? open : openThinking(out);
    block.carried[slot] = signature;
  };

  const pushThought = (out: StreamEvent[], part: GeminiPart) => {
    if (!part.text && !part.thoughtSignature) return;
    const open = state.thinking;
    // A signature ends a thought; a block that already carries one for a later part is done too.
    const continues = open !== undefined && !open.carried.own && !open.carried.emptyText && !open.carried.next;
    const block = continues ? open : openThinking(out);
    if (part.text) writer.delta({ type: 'thinking_delta', thinking: part.text }, out);
    if (part.thoughtSignature) block.carried.own = part.thoughtSignature;
  };

  const pushText = (out: StreamEvent[], text: string, signature: string | undefined) => {
    if (signature) carry(out, signature, text ? 'next' : 'emptyText');
    if (!text) return;
    if (writer.openType !== 'text') {
      close(out);
      writer.open({ type: 'text', text: '' }, out);
    }
    writer.delta({ type: 'text_delta', text }, out);
  };

  const pushFunctionCall = (out: StreamEvent[], call: GeminiFunctionCall, signature: string | undefined) => {
    if (signature) carry(out, signature, 'next');
    close(out);
    const id = call.id || ctx.generateId('toolu');
    writer.open({ type: 'tool_use', id, name: ctx.toolNames.fromUpstream(call.name), input: {} }, out);
    writer.delta({ type: 'input_json_delta', partial_json: JSON.stringify(call.args ?? {}) }, out);
    writer.close(out);
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
    // Usage-only chunks have no parts: no empty array made for them.
    const parts = candidate?.content?.parts;
    if (parts) for (const part of parts) pushPart(out, part);
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
    messageEndEvents(out, { stop_reason: stop.stopReason, stop_sequence: null }, mapGeminiUsage(state.usage));
    return out;
  };

  return { push, end };
}
