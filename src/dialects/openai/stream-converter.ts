/**
 * OpenAI Chat Completions chunks → Anthropic stream events: a pure state machine, one per response
 * (ARCHITECTURE.md, "The stream converter contract").
 *
 * Anthropic blocks never interleave, OpenAI deltas may. The policy:
 * - text and reasoning stream live, each switch closing the previous block (thinking closes with a
 *   `signature_delta`);
 * - the first tool call whose name is known streams live and stays open until `finish_reason` or the
 *   end of the stream, because its arguments may keep coming after other deltas;
 * - meanwhile other tool calls, and any text or reasoning, are buffered and emitted whole, in arrival
 *   order, once that tool block closes. Nothing is lost and the grammar always holds; the price is
 *   that a second parallel call appears at once instead of piece by piece.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StreamEvent } from '../anthropic/types';
import { createBlockWriter } from '../block-writer';
import { messageEndEvents, messageStartEvents } from '../message-start';
import type { ConversionContext, StreamConverter } from '../types';
import { resolveStopInfo } from './map-finish-reason';
import { mapOpenAIUsage } from './map-usage';
import { matchToolCall, type ToolCallIdentity, type ToolCallSlots } from './match-tool-call';
import type { OpenAIChatChunk, OpenAIToolCallDelta, OpenAIUsage } from './types';

/** The client may see a generated id instead of `upstreamId`; `name` is mapped back when the block opens. */
interface ToolCallState extends ToolCallIdentity {
  /** Arguments received but not yet sent to the client. */
  pendingArguments: string;
  /** Its block was opened; it is closed once another block is open or none is (see isClosed). */
  opened: boolean;
}

const newToolCall = (): ToolCallState => ({ upstreamId: undefined, name: undefined, pendingArguments: '', opened: false });

type DeferredContent = { kind: 'text' | 'thinking'; text: string };

interface StreamState {
  started: boolean;
  ended: boolean;
  /** The call whose tool_use block is open, if the open block is one. */
  openCall: ToolCallState | undefined;
  /** Tool calls in the order they first appeared, and the call each upstream `index` refers to. */
  toolCalls: ToolCallSlots<ToolCallState>;
  /** Text and reasoning that arrived while a tool block was open. */
  deferred: DeferredContent[];
  sawToolUse: boolean;
  /** OpenAI sends refusals in their own field; the message then stops with `refusal`. */
  refused: boolean;
  finishReason: string | undefined;
  matchedStop: string | number | undefined;
  usage: OpenAIUsage | undefined;
}

export function createOpenAIStreamConverter(ctx: ConversionContext): StreamConverter<OpenAIChatChunk> {
  const writer = createBlockWriter();
  const state: StreamState = {
    started: false,
    ended: false,
    openCall: undefined,
    toolCalls: { calls: [], byIndex: new Map() },
    deferred: [],
    sawToolUse: false,
    refused: false,
    finishReason: undefined,
    matchedStop: undefined,
    usage: undefined,
  };

  function start(events: StreamEvent[]): void {
    state.started = true;
    messageStartEvents(ctx, events);
  }

  /** A thinking block closes with the placeholder signature (block-writer.ts). */
  function closeOpenBlock(events: StreamEvent[]): void {
    state.openCall = undefined;
    writer.close(events);
  }

  function appendContent(kind: 'text' | 'thinking', text: string, events: StreamEvent[]): void {
    if (state.openCall) {
      const last = state.deferred[state.deferred.length - 1];
      if (last?.kind === kind) last.text += text;
      else state.deferred.push({ kind, text });
      return;
    }
    if (writer.openType !== kind) {
      closeOpenBlock(events);
      writer.open(kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' }, events);
    }
    writer.delta(kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text }, events);
  }

  /** Opens a call's block and sends what it buffered; the caller has closed any open block. */
  function openToolCall(call: ToolCallState, events: StreamEvent[]): void {
    writer.open(
      {
        type: 'tool_use',
        // Some local servers send no id: the client needs one to answer with a tool_result.
        id: call.upstreamId ?? ctx.generateId('toolu'),
        name: ctx.toolNames.fromUpstream(call.name!),
        input: {},
      },
      events,
    );
    call.opened = true;
    state.sawToolUse = true;
    state.openCall = call;
    sendPendingArguments(call, events);
  }

  /** Only for the call whose block is open. */
  function sendPendingArguments(call: ToolCallState, events: StreamEvent[]): void {
    if (call.pendingArguments.length === 0) return;
    writer.delta({ type: 'input_json_delta', partial_json: call.pendingArguments }, events);
    call.pendingArguments = '';
  }

  function isClosed(call: ToolCallState): boolean {
    return call.opened && state.openCall !== call;
  }
  function applyToolCallDelta(delta: OpenAIToolCallDelta, position: number, events: StreamEvent[]): void {
    const call = matchToolCall(state.toolCalls, delta, position, newToolCall);
    const args = delta.function?.arguments;
    if (args) {
      if (isClosed(call)) {
        ctx.warnings.push(`tool call ${call.name}: arguments after its block closed dropped: ${args}`);
        return;
      }
      // The open call's arguments go straight out (nothing is pending once its block is open).
      if (state.openCall === call) writer.delta({ type: 'input_json_delta', partial_json: args }, events);
      else call.pendingArguments += args;
    }

    if (state.openCall) return;
    if (!call.opened && call.name !== undefined) {
      closeOpenBlock(events);
      openToolCall(call, events);
    }
  }

  /** Closes the open block, then emits buffered tool calls and content. */
  function flush(events: StreamEvent[], final: boolean): void {
    closeOpenBlock(events);
    for (const call of state.toolCalls.calls) {
      if (call.opened) continue;
      if (call.name === undefined) {
        // Only at the very end: its name may still come in a later chunk.
        if (final) ctx.warnings.push(`tool call without a name dropped; its arguments were: ${call.pendingArguments}`);
        continue;
      }
      openToolCall(call, events);
      closeOpenBlock(events);
    }
    const deferred = state.deferred;
    state.deferred = [];
    for (const content of deferred) appendContent(content.kind, content.text, events);
    closeOpenBlock(events);
  }

  return {
    push(chunk) {
      const events: StreamEvent[] = [];
      if (state.ended) return events;
      if (!state.started) start(events);
      // Usage comes in its own chunk after finish_reason (OpenAI's include_usage) or in the last chunk.
      if (chunk.usage) state.usage = chunk.usage;
      // ccr never asks for n > 1, so the first choice is the message.
      const choice = chunk.choices?.[0];
      if (choice === undefined) return events;
      const delta = choice.delta;
      if (delta) {
        // DeepSeek says `reasoning_content`, OpenRouter `reasoning`; some send both with the same text.
        const reasoning = delta.reasoning_content || delta.reasoning;
        if (reasoning) appendContent('thinking', reasoning, events);
        if (delta.content) appendContent('text', delta.content, events);
        if (delta.refusal) {
          state.refused = true;
          appendContent('text', delta.refusal, events);
        }
        const toolCalls = delta.tool_calls;
        if (toolCalls) for (let position = 0; position < toolCalls.length; position++) applyToolCallDelta(toolCalls[position], position, events);
      }
      if (choice.stop_reason !== undefined && choice.stop_reason !== null) state.matchedStop = choice.stop_reason;
      if (choice.finish_reason) {
        state.finishReason = choice.finish_reason;
        flush(events, false);
      }
      return events;
    },

    end() {
      const events: StreamEvent[] = [];
      if (state.ended) return events;
      state.ended = true;
      if (!state.started) start(events);
      flush(events, true);
      const stop = resolveStopInfo(state.finishReason, state.matchedStop, state.sawToolUse, state.refused);
      // Held until now: usage usually arrives after finish_reason.
      messageEndEvents(events, stop, state.usage ? mapOpenAIUsage(state.usage) : { output_tokens: 0 });
      return events;
    },
  };
}
