/**
 * The Anthropic pass-through: upstream bytes go to the client untouched. A side parser reads
 * only what accounting needs (usage in message_start and message_delta); it never re-encodes.
 */
import type { Usage } from '../dialects/anthropic/types';
import { encodeEvents } from '../sse/encode';
import { SseParser } from '../sse/parse';
import type { StreamOutcome } from './convert-stream';
import type { UpstreamCall } from './upstream';

export function pipeUpstreamStream(call: UpstreamCall, provider: string, onDone: (outcome: StreamOutcome) => void): ReadableStream<Uint8Array> {
  const reader = call.response.body!.getReader();
  const parser = new SseParser();
  const usage: Partial<Usage> = {};
  let status: StreamOutcome['status'] = 'ok';
  let errorMessage: string | undefined;
  let finished = false;
  const finish = (final: StreamOutcome['status']) => {
    if (finished) return;
    finished = true;
    call.finish();
    onDone({ usage, status: final === 'ok' ? status : final, errorMessage });
  };
  const observe = (bytes: Uint8Array) => {
    for (const sse of parser.push(bytes)) {
      if (sse.event === 'message_start') Object.assign(usage, (JSON.parse(sse.data) as { message: { usage: Usage } }).message.usage);
      else if (sse.event === 'message_delta') Object.assign(usage, (JSON.parse(sse.data) as { usage: Usage }).usage);
      else if (sse.event === 'error') {
        status = 'error';
        errorMessage = (JSON.parse(sse.data) as { error?: { message?: string } }).error?.message;
      }
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const read = await reader.read();
        if (read.done) {
          controller.close();
          return finish('ok');
        }
        call.touch();
        controller.enqueue(read.value);
        try {
          observe(read.value);
        } catch {
          // Accounting must never break the user's stream.
        }
      } catch (error) {
        const timedOut = call.abortReason() === 'timeout';
        errorMessage = timedOut ? `Provider "${provider}" went silent mid-stream` : `Provider "${provider}" failed mid-stream: ${error instanceof Error ? error.message : String(error)}`;
        // A clean Anthropic error event, so the client reports it instead of hanging on a torn stream.
        controller.enqueue(encodeEvents([{ type: 'error', error: { type: timedOut ? 'timeout_error' : 'api_error', message: errorMessage } }]));
        controller.close();
        finish('error');
      }
    },
    cancel() {
      call.abort();
      reader.cancel().catch(() => {});
      finish('aborted');
    },
  });
}
