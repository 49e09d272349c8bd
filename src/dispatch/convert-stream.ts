/**
 * Turns an upstream SSE body into Anthropic SSE bytes as it arrives: bytes → SSE events → the
 * dialect's chunks → (transformer chunk hooks) → stream converter → (transformer event hooks) →
 * encoded events. Nothing is buffered beyond the current network read.
 *
 * The pull() loop keeps reading until it has something to enqueue: on Bun a pull() that returns
 * without enqueueing may never be called again, and the response would hang.
 */
import type { StreamEvent, Usage } from '../dialects/anthropic/types';
import type { ConversionContext, Dialect } from '../dialects/types';
import { encodeEventsText } from '../sse/encode';
import { SseParser } from '../sse/parse';
import type { StreamHooks } from '../transformers/types';
import type { UpstreamCall } from './upstream';
import { upstreamFailure } from './upstream';

/** The controller of a Bun direct stream (`type: 'direct'`). */
export interface DirectController {
  write(chunk: string | Uint8Array): number | Promise<number>;
  flush(): number | Promise<number>;
  close(): void;
}

export interface StreamOutcome {
  /** Usage as the client saw it in the final message_delta (or message_start for pass-through). */
  usage: Partial<Usage>;
  /** 'ok', 'error' (an error event was sent) or 'aborted' (the client left). */
  status: 'ok' | 'error' | 'aborted';
  errorMessage?: string;
}

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
  const reader = call.response.body!.getReader();
  const parser = new SseParser();
  const converter = dialect.createStreamConverter(ctx);
  const usage: Partial<Usage> = {};
  let finished = false;

  const record = (events: StreamEvent[]) => {
    for (const event of events) {
      if (event.type === 'message_start') Object.assign(usage, event.message.usage);
      else if (event.type === 'message_delta') Object.assign(usage, event.usage);
    }
    return events;
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
  const finish = (outcome: Omit<StreamOutcome, 'usage'>) => {
    finished = true;
    call.finish();
    onDone({ usage, ...outcome });
  };

  /** Set when the upstream said the stream is over; the closing bytes are still to be sent. */
  let ending: Omit<StreamOutcome, 'usage'> | undefined;

  // Bun's direct stream: one loop writes straight to the socket, without a queue and a pull() per
  // chunk (the default stream's machinery cost more CPU than the conversion itself).
  return new ReadableStream<Uint8Array>({
    type: 'direct',
    async pull(controller: DirectController) {
      try {
        for (;;) {
          let read: Awaited<ReturnType<typeof reader.read>>;
          try {
            read = await reader.read();
          } catch (error) {
            if (finished) return;
            const failure = upstreamFailure(provider, call.abortReason(), error, timeoutMs);
            const timedOut = failure.status === 504;
            const message = timedOut ? `Provider "${provider}" went silent mid-stream for ${timeoutMs} ms` : failure.message;
            controller.write(encodeEventsText([{ type: 'error', error: { type: timedOut ? 'timeout_error' : 'api_error', message } }]));
            finish({ status: 'error', errorMessage: message });
            return;
          }
          const out: StreamEvent[] = [];
          if (read.done) {
            for (const sse of parser.end()) if (handle(sse.data, sse.event, out)) break;
            // An upstream that stops without saying so still gets every block closed.
            if (!ending) {
              out.push(...closing());
              ending = { status: 'ok' };
            }
          } else {
            call.touch();
            for (const sse of parser.push(read.value)) if (handle(sse.data, sse.event, out)) break;
          }
          if (out.length > 0) {
            controller.write(encodeEventsText(record(out)));
            await controller.flush();
          }
          if (ending) {
            if (!read.done) reader.cancel().catch(() => {});
            finish(ending);
            return;
          }
        }
      } catch {
        // Writing failed: the client is gone. Stop the upstream too.
        if (!finished) {
          call.abort();
          reader.cancel().catch(() => {});
          finish({ status: 'aborted' });
        }
      } finally {
        controller.close();
      }
    },
    cancel() {
      if (finished) return;
      call.abort();
      reader.cancel().catch(() => {});
      finish({ status: 'aborted' });
    },
  } as unknown as ConstructorParameters<typeof ReadableStream<Uint8Array>>[0]);

  /** Converts one SSE payload into `out`; true when the upstream said the stream is over. */
  function handle(data: string, event: string | undefined, out: StreamEvent[]): boolean {
    const read = dialect.readStreamData(data, event);
    switch (read.kind) {
      case 'chunk':
        convertChunk(read.chunk, out);
        return false;
      case 'skip':
        return false;
      case 'done':
        out.push(...closing());
        ending = { status: 'ok' };
        return true;
      case 'error':
        out.push({ type: 'error', error: read.error });
        ending = { status: 'error', errorMessage: read.error.message };
        return true;
      default: {
        const _exhaustive: never = read;
        return _exhaustive;
      }
    }
  }
}
