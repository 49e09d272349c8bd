/**
 * Relays an upstream body to the client through Bun's direct stream: one loop reads the upstream
 * and writes straight to the socket, with no queue and no pull() per chunk (the default stream's
 * machinery cost more CPU than converting). What to write for each read is the caller's; this owns
 * the plumbing every streamed response shares: the idle deadline, an upstream failure turned into
 * an Anthropic `error` event, and a client that leaves aborting the upstream.
 */
import type { Usage } from '../dialects/anthropic/types';
import { encodeEventsText } from '../sse/encode';
import { describeNetworkError, type UpstreamCall } from './upstream';

export interface StreamOutcome {
  /** Usage as the client saw it (message_start and message_delta). */
  usage: Partial<Usage>;
  /** 'ok', 'error' (an error event was sent) or 'aborted' (the client left). */
  status: 'ok' | 'error' | 'aborted';
  errorMessage?: string;
  /** `performance.now()` when the first byte went to the client; absent if none did. */
  firstByteAt?: number;
  /** A converted stream's text, thinking and tool-input deltas (convert-stream.ts), for counting output tokens. */
  streamedText?: string[];
}

/** What to send for one upstream read, and whether the upstream said the stream is over. */
export interface RelayStep {
  out?: string | Uint8Array;
  /** Set when the stream is over: the outcome to report once `out` is written. */
  ended?: Pick<StreamOutcome, 'status' | 'errorMessage'>;
}

export interface RelayHandlers {
  /** What to send before the first read: what was read ahead (read-ahead.ts), already converted. */
  first?(): RelayStep;
  read(bytes: Uint8Array): RelayStep;
  /** The upstream closed its body: whatever is still to send (every block closed…). */
  close(): RelayStep & { ended: Pick<StreamOutcome, 'status' | 'errorMessage'> };
  /** Usage seen so far, for the outcome. */
  usage(): Partial<Usage>;
}

/** The controller of a Bun direct stream (`type: 'direct'`). */
interface DirectController {
  write(chunk: string | Uint8Array): number | Promise<number>;
  flush(): number | Promise<number>;
  close(): void;
}

export function relayUpstream(
  call: UpstreamCall,
  options: { provider: string; timeoutMs: number; handlers: RelayHandlers; onDone: (outcome: StreamOutcome) => void },
): ReadableStream<Uint8Array> {
  const { provider, timeoutMs, handlers, onDone } = options;
  const reader = call.response.body!.getReader();
  let finished = false;
  let firstByteAt: number | undefined;
  const finish = (outcome: Pick<StreamOutcome, 'status' | 'errorMessage'>) => {
    if (finished) return;
    finished = true;
    call.finish();
    onDone({ usage: handlers.usage(), firstByteAt, ...outcome });
  };
  const abandon = () => {
    if (finished) return;
    call.abort();
    reader.cancel().catch(() => {});
    finish({ status: 'aborted' });
  };

  const source = {
    type: 'direct',
    async pull(controller: DirectController) {
      try {
        const first = handlers.first?.();
        if (first?.out !== undefined && first.out.length > 0) {
          firstByteAt = performance.now();
          controller.write(first.out);
          await controller.flush();
        }
        for (;;) {
          let read: Awaited<ReturnType<typeof reader.read>>;
          try {
            read = await reader.read();
          } catch (error) {
            if (finished) return;
            const timedOut = call.abortReason() === 'timeout';
            const message = timedOut
              ? `Provider "${provider}" went silent mid-stream for ${timeoutMs} ms (API_TIMEOUT_MS)`
              : `Provider "${provider}" broke off the stream: ${describeNetworkError(error)}`;
            firstByteAt ??= performance.now();
            controller.write(encodeEventsText([{ type: 'error', error: { type: timedOut ? 'timeout_error' : 'api_error', message } }]));
            return finish({ status: 'error', errorMessage: message });
          }
          if (!read.done) call.touch();
          const step = read.done ? handlers.close() : handlers.read(read.value);
          if (step.out !== undefined && step.out.length > 0) {
            firstByteAt ??= performance.now();
            controller.write(step.out);
            await controller.flush();
          }
          if (step.ended) {
            if (!read.done) reader.cancel().catch(() => {});
            return finish(step.ended);
          }
        }
      } catch {
        // Writing failed: the client is gone.
        abandon();
      } finally {
        controller.close();
      }
    },
    cancel: abandon,
  };
  return new ReadableStream<Uint8Array>(source as unknown as ConstructorParameters<typeof ReadableStream<Uint8Array>>[0]);
}
