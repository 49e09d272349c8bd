/**
 * Turns an upstream stream into Anthropic SSE as it arrives: bytes → SSE events → the dialect's
 * chunks (or the dialect's own stream reader, for a framing that is not SSE) → (transformer chunk
 * hooks) → stream converter → (transformer event hooks) → encoded events. Nothing is buffered
 * beyond the current network read. The conversion itself is pure (`createSseConversion`, what
 * golden tests drive); `convertUpstreamStream` relays it over I/O.
 */
import type { ContentBlockDelta, StreamEvent, Usage } from '../dialects/anthropic/types';
import type { ConversionContext, Dialect, StreamData, StreamReader } from '../dialects/types';
import { encodeEventsText } from '../sse/encode';
import { SseParser } from '../sse/parse';
import type { StreamHooks } from '../transformers/types';
import { relayUpstream, type RelayStep, type StreamOutcome } from './relay';
import type { UpstreamCall } from './upstream';

export type { StreamOutcome };

export interface SseConversionStep {
  events: StreamEvent[];
  /** Set once the upstream said the stream is over (`[DONE]`, an error, or the end of the body). */
  ended: RelayStep['ended'];
}

export interface SseConversion {
  push(bytes: Uint8Array): SseConversionStep;
  /** The upstream body ended: every open block is closed. */
  close(): SseConversionStep & { ended: NonNullable<RelayStep['ended']> };
}

/** SSE events read with the dialect's readStreamData: every dialect's stream but those with a reader of their own. */
function sseStreamReader(dialect: Dialect): StreamReader<unknown> {
  const parser = new SseParser();
  const read = (events: ReturnType<SseParser['push']>): StreamData<unknown>[] => events.map((sse) => dialect.readStreamData(sse.data, sse.event));
  return { push: (bytes) => read(parser.push(bytes)), end: () => read(parser.end()) };
}

/** The pure state machine of one streamed response; one per request. */
export function createSseConversion(dialect: Dialect, ctx: ConversionContext, hooks?: Required<StreamHooks>): SseConversion {
  const reader = dialect.createStreamReader?.() ?? sseStreamReader(dialect);
  const converter = dialect.createStreamConverter(ctx);
  let ended: RelayStep['ended'];

  const convertChunk = (chunk: unknown, out: StreamEvent[]) => {
    if (!hooks) {
      for (const event of converter.push(chunk)) out.push(event);
      return;
    }
    for (const item of hooks.chunk(chunk)) for (const event of converter.push(item)) out.push(...hooks.event(event));
  };
  const closing = (out: StreamEvent[]) => {
    if (hooks) out.push(...hooks.end());
    for (const event of converter.end()) out.push(...(hooks ? hooks.event(event) : [event]));
  };
  /** Converts what one upstream event meant into `out`; true when the upstream said the stream is over. */
  const handle = (read: StreamData<unknown>, out: StreamEvent[]): boolean => {
    switch (read.kind) {
      case 'chunk':
        convertChunk(read.chunk, out);
        return false;
      case 'skip':
        return false;
      case 'done':
        closing(out);
        ended = { status: 'ok' };
        return true;
      case 'error':
        out.push({ type: 'error', error: read.error });
        ended = { status: 'error', errorMessage: read.error.message };
        return true;
      default: {
        const _exhaustive: never = read;
        return _exhaustive;
      }
    }
  };

  return {
    push(bytes) {
      const events: StreamEvent[] = [];
      if (!ended) for (const read of reader.push(bytes)) if (handle(read, events)) break;
      return { events, ended };
    },
    close() {
      const events: StreamEvent[] = [];
      if (!ended) for (const read of reader.end()) if (handle(read, events)) break;
      // An upstream that stops without saying so still gets every block closed.
      if (!ended) {
        closing(events);
        ended = { status: 'ok' };
      }
      return { events, ended };
    },
  };
}

export interface ConvertStreamOptions {
  call: UpstreamCall;
  dialect: Dialect;
  ctx: ConversionContext;
  hooks?: Required<StreamHooks>;
  provider: string;
  timeoutMs: number;
  onDone: (outcome: StreamOutcome) => void;
  /** A conversion already fed the first reads (read-ahead.ts), and the events it made, sent first. */
  primed?: { conversion: SseConversion; events: StreamEvent[] };
}

export function convertUpstreamStream(options: ConvertStreamOptions): ReadableStream<Uint8Array> {
  const { call, dialect, ctx, hooks, provider, timeoutMs, onDone, primed } = options;
  const conversion = primed?.conversion ?? createSseConversion(dialect, ctx, hooks);
  const usage: Partial<Usage> = {};
  // What the answer said, by reference to the strings the converter made: counted only if the
  // upstream reports no output tokens (usage/estimate.ts), which is known only at the end.
  const streamedText: string[] = [];
  let held = primed?.events;
  const send = (step: SseConversionStep): RelayStep => {
    const events = held ? [...held, ...step.events] : step.events;
    const ended = step.ended;
    held = undefined;
    for (const event of events) {
      if (event.type === 'content_block_delta') collectText(event.delta, streamedText);
      else if (event.type === 'message_start') Object.assign(usage, event.message.usage);
      else if (event.type === 'message_delta') Object.assign(usage, event.usage);
      else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') streamedText.push(event.content_block.name);
    }
    return { out: events.length > 0 ? encodeEventsText(events) : undefined, ended };
  };
  return relayUpstream(call, {
    provider,
    timeoutMs,
    onDone: (outcome) => onDone({ ...outcome, streamedText }),
    handlers: {
      first: primed ? () => send({ events: [], ended: undefined }) : undefined,
      usage: () => usage,
      read: (bytes) => send(conversion.push(bytes)),
      close: () => send(conversion.close()) as RelayStep & { ended: NonNullable<RelayStep['ended']> },
    },
  });
}

function collectText(delta: ContentBlockDelta, into: string[]): void {
  switch (delta.type) {
    case 'text_delta':
      into.push(delta.text);
      break;
    case 'input_json_delta':
      into.push(delta.partial_json);
      break;
    case 'thinking_delta':
      into.push(delta.thinking);
      break;
    case 'signature_delta':
    case 'citations_delta':
      break;
    default: {
      const _exhaustive: never = delta;
      return _exhaustive;
    }
  }
}
