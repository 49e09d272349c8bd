/**
 * The Anthropic pass-through: upstream bytes go to the client untouched, through Bun's direct
 * stream. A scanner reads only what accounting needs (usage, an error event); nothing is re-encoded.
 */
import { encodeEventsText } from '../sse/encode';
import type { DirectController, StreamOutcome } from './convert-stream';
import type { UpstreamCall } from './upstream';
import { AnthropicUsageScanner } from './usage-scanner';

export function pipeUpstreamStream(call: UpstreamCall, provider: string, onDone: (outcome: StreamOutcome) => void): ReadableStream<Uint8Array> {
  const reader = call.response.body!.getReader();
  const scanner = new AnthropicUsageScanner();
  let finished = false;
  const finish = (status: StreamOutcome['status'], errorMessage = scanner.errorMessage) => {
    if (finished) return;
    finished = true;
    call.finish();
    onDone({ usage: scanner.usage, status: status === 'ok' && scanner.errorMessage ? 'error' : status, errorMessage });
  };

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
            const timedOut = call.abortReason() === 'timeout';
            const message = timedOut
              ? `Provider "${provider}" went silent mid-stream`
              : `Provider "${provider}" failed mid-stream: ${error instanceof Error ? error.message : String(error)}`;
            // A clean Anthropic error event, so the client reports it instead of hanging on a torn stream.
            controller.write(encodeEventsText([{ type: 'error', error: { type: timedOut ? 'timeout_error' : 'api_error', message } }]));
            return finish('error', message);
          }
          if (read.done) return finish('ok');
          call.touch();
          controller.write(read.value);
          await controller.flush();
          scanner.push(read.value);
        }
      } catch {
        // Writing failed: the client is gone. Stop the upstream too.
        call.abort();
        reader.cancel().catch(() => {});
        finish('aborted');
      } finally {
        controller.close();
      }
    },
    cancel() {
      if (finished) return;
      call.abort();
      reader.cancel().catch(() => {});
      finish('aborted');
    },
  } as unknown as ConstructorParameters<typeof ReadableStream<Uint8Array>>[0]);
}
