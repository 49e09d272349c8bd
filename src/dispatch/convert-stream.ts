/**
 * Turns an upstream SSE body into Anthropic SSE as it arrives: bytes → SSE events → the dialect's
 * chunks → (transformer chunk hooks) → stream converter → (transformer event hooks) → encoded
 * events. Nothing is buffered beyond the current network read.
 */
import type { StreamEvent, Usage } from '../dialects/anthropic/types';
import type { ConversionContext, Dialect } from '../dialects/types';
import { encodeEventsText } from '../sse/encode';
import { SseParser } from '../sse/parse';
import type { StreamHooks } from '../transformers/types';
import { relayUpstream, type RelayStep, type StreamOutcome } from './relay';
import type { UpstreamCall } from './upstream';

export type { StreamOutcome };

export interface ConvertStreamOptions {
  call: UpstreamCall;
  dialect: Dialect;
  ctx: ConversionContext;
  hooks?: Required<StreamHooks>;
  provider: string;
  timeoutMs: number;
  onDone: (outcome: StreamOutcome) => void;
}

export function convertUpstreamStream(options: ConvertStreamOptions): ReadableStream<Uint8Array> {
  const { call, dialect, ctx, hooks, provider, timeoutMs, onDone } = options;
  const parser = new SseParser();
  const converter = dialect.createStreamConverter(ctx);
  const usage: Partial<Usage> = {};
  /** Set when the upstream said the stream is over. */
  let ended: RelayStep['ended'];

  const emit = (events: StreamEvent[]): string | undefined => {
    if (events.length === 0) return undefined;
    for (const event of events) {
      if (event.type === 'message_start') Object.assign(usage, event.message.usage);
      else if (event.type === 'message_delta') Object.assign(usage, event.usage);
    }
    return encodeEventsText(events);
  };
  const convertChunk = (chunk: unknown, out: StreamEvent[]) => {
    const chunks = hooks ? hooks.chunk(chunk) : [chunk];
    for (const item of chunks) {
      const events = converter.push(item);
      if (hooks) for (const event of events) out.push(...hooks.event(event));
      else for (const event of events) out.push(event);
    }
  };
  const closing = (): StreamEvent[] => {
    const out: StreamEvent[] = hooks ? hooks.end() : [];
    for (const event of converter.end()) out.push(...(hooks ? hooks.event(event) : [event]));
    return out;
  };
  /** Converts one SSE payload into `out`; true when the upstream said the stream is over. */
  const handle = (data: string, event: string | undefined, out: StreamEvent[]): boolean => {
    const read = dialect.readStreamData(data, event);
    switch (read.kind) {
      case 'chunk':
        convertChunk(read.chunk, out);
        return false;
      case 'skip':
        return false;
      case 'done':
        out.push(...closing());
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

  return relayUpstream(call, {
    provider,
    timeoutMs,
    onDone,
    handlers: {
      usage: () => usage,
      read(bytes) {
        const out: StreamEvent[] = [];
        for (const sse of parser.push(bytes)) if (handle(sse.data, sse.event, out)) break;
        return { out: emit(out), ended };
      },
      close() {
        const out: StreamEvent[] = [];
        for (const sse of parser.end()) if (handle(sse.data, sse.event, out)) break;
        // An upstream that stops without saying so still gets every block closed.
        if (!ended) {
          out.push(...closing());
          ended = { status: 'ok' };
        }
        return { out: emit(out), ended };
      },
    },
  });
}
