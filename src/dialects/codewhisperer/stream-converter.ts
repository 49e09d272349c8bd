/**
 * CodeWhisperer stream events → Anthropic stream events. `assistantResponseEvent` text becomes text
 * blocks, and thinking blocks where it opens with `<thinking>` (split-thinking.ts);
 * `reasoningContentEvent` (kiro-cli's native reasoning) thinking blocks too, its signature kept;
 * `toolUseEvent`s, keyed by `toolUseId`, a tool_use block each, every `input` fragment an
 * input_json_delta, closed at `stop`; `metadataEvent` gives the stop reason and exact usage,
 * `contextUsageEvent` the estimate (map-usage.ts). message_delta waits for end(): usage and the stop
 * reason arrive last.
 * Kiro sometimes sends the same text event twice in a row; the repeat is dropped, as the clients
 * that read this stream do.
 * @see ../../../test/fixtures/codewhisperer/README.md
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { StreamEvent } from '../anthropic/types';
import { createBlockWriter } from '../block-writer';
import { messageEndEvents, messageStartEvents } from '../message-start';
import type { ConversionContext, StreamConverter } from '../types';
import { mapCodeWhispererStopReason } from './map-stop-reason';
import { mapCodeWhispererUsage } from './map-usage';
import { ThinkingSplitter, type ThinkingPiece } from './split-thinking';
import type { CodeWhispererEvent, CodeWhispererMetadata } from './types';

interface CodeWhispererStreamState {
  started: boolean;
  finished: boolean;
  /** The tool_use block now open, by its upstream id. */
  openToolId: string | undefined;
  /** Tool calls already closed: late fragments for them are dropped. */
  closedToolIds: Set<string>;
  sawToolUse: boolean;
  lastContent: string | undefined;
  metadata: CodeWhispererMetadata | undefined;
  contextUsagePercentage: number | undefined;
  /** What the answer said, for the usage estimate. */
  output: string[];
  /** Event types with no Anthropic meaning, reported once each. */
  ignored: Set<string>;
}

export function createCodeWhispererStreamConverter(ctx: ConversionContext): StreamConverter<CodeWhispererEvent> {
  const writer = createBlockWriter();
  const splitter = new ThinkingSplitter();
  const state: CodeWhispererStreamState = {
    started: false,
    finished: false,
    openToolId: undefined,
    closedToolIds: new Set(),
    sawToolUse: false,
    lastContent: undefined,
    metadata: undefined,
    contextUsagePercentage: undefined,
    output: [],
    ignored: new Set(),
  };

  const start = (out: StreamEvent[]) => {
    if (state.started) return;
    state.started = true;
    messageStartEvents(ctx, out);
  };

  const closeTool = (out: StreamEvent[]) => {
    if (state.openToolId === undefined) return;
    state.closedToolIds.add(state.openToolId);
    state.openToolId = undefined;
    writer.close(out);
  };

  const writeThinking = (out: StreamEvent[], text: string) => {
    closeTool(out);
    if (writer.openType !== 'thinking') writer.open({ type: 'thinking', thinking: '', signature: '' }, out);
    writer.delta({ type: 'thinking_delta', thinking: text }, out);
    state.output.push(text);
  };

  const writeText = (out: StreamEvent[], text: string) => {
    closeTool(out);
    if (writer.openType !== 'text') writer.open({ type: 'text', text: '' }, out);
    writer.delta({ type: 'text_delta', text }, out);
    state.output.push(text);
  };

  const writePieces = (out: StreamEvent[], pieces: ThinkingPiece[]) => {
    for (const piece of pieces) {
      if (piece.kind === 'thinking') writeThinking(out, piece.text);
      else writeText(out, piece.text);
    }
  };

  const pushToolUse = (out: StreamEvent[], payload: Extract<CodeWhispererEvent, { type: 'toolUseEvent' }>['payload']) => {
    const id = payload.toolUseId;
    if (!id) {
      ctx.warnings.push('codewhisperer: a toolUseEvent without a toolUseId was dropped');
      return;
    }
    if (state.closedToolIds.has(id)) {
      ctx.warnings.push(`codewhisperer: a toolUseEvent for ${id}, already closed, was dropped`);
      return;
    }
    if (state.openToolId !== id) {
      writePieces(out, splitter.boundary());
      closeTool(out);
      const name = payload.name ? ctx.toolNames.fromUpstream(payload.name) : '';
      if (!name) ctx.warnings.push(`codewhisperer: tool call ${id} arrived without a name`);
      writer.open({ type: 'tool_use', id, name, input: {} }, out);
      state.openToolId = id;
      state.sawToolUse = true;
      state.output.push(name);
    }
    const input = payload.input;
    const fragment = typeof input === 'string' ? input : input !== undefined && input !== null ? JSON.stringify(input) : '';
    if (fragment.length > 0) {
      writer.delta({ type: 'input_json_delta', partial_json: fragment }, out);
      state.output.push(fragment);
    }
    if (payload.stop === true) closeTool(out);
  };

  const pushReasoning = (out: StreamEvent[], payload: Extract<CodeWhispererEvent, { type: 'reasoningContentEvent' }>['payload']) => {
    if (payload.redactedContent) {
      writePieces(out, splitter.boundary());
      closeTool(out);
      writer.open({ type: 'redacted_thinking', data: payload.redactedContent }, out);
      writer.close(out);
    }
    if (payload.text) writeThinking(out, payload.text);
    if (payload.signature) {
      if (writer.openType !== 'thinking') writer.open({ type: 'thinking', thinking: '', signature: '' }, out);
      writer.close(out, payload.signature);
    }
  };

  const push = (event: CodeWhispererEvent): StreamEvent[] => {
    if (state.finished) return [];
    const out: StreamEvent[] = [];
    start(out);
    switch (event.type) {
      case 'assistantResponseEvent': {
        const content = event.payload.content;
        if (typeof content !== 'string' || content.length === 0) break;
        if (content === state.lastContent) break;
        state.lastContent = content;
        writePieces(out, splitter.push(content));
        break;
      }
      case 'toolUseEvent':
        state.lastContent = undefined;
        pushToolUse(out, event.payload);
        break;
      case 'reasoningContentEvent':
        pushReasoning(out, event.payload);
        break;
      case 'contextUsageEvent':
        if (typeof event.payload.contextUsagePercentage === 'number') state.contextUsagePercentage = event.payload.contextUsagePercentage;
        break;
      case 'metadataEvent':
      case 'messageMetadataEvent':
        state.metadata = { ...state.metadata, ...event.payload };
        break;
      case 'meteringEvent':
        break;
      case 'other':
        if (!state.ignored.has(event.eventType)) {
          state.ignored.add(event.eventType);
          ctx.warnings.push(`codewhisperer: stream event ${event.eventType} has no Anthropic equivalent and was ignored`);
        }
        break;
      default: {
        const _exhaustive: never = event;
        ctx.warnings.push(`codewhisperer: unknown stream event ${JSON.stringify(_exhaustive)}`);
      }
    }
    return out;
  };

  const end = (): StreamEvent[] => {
    if (state.finished) return [];
    const out: StreamEvent[] = [];
    start(out);
    state.finished = true;
    writePieces(out, splitter.boundary());
    closeTool(out);
    writer.close(out);
    const usage = mapCodeWhispererUsage(
      { model: ctx.model, tokenUsage: state.metadata?.tokenUsage, contextUsagePercentage: state.contextUsagePercentage, outputText: state.output.join('') },
      ctx.warnings,
    );
    const stopReason = mapCodeWhispererStopReason(state.metadata?.stopReason, state.sawToolUse);
    messageEndEvents(out, { stop_reason: stopReason, stop_sequence: null }, usage);
    return out;
  };

  return { push, end };
}
