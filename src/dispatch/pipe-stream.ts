/**
 * The Anthropic pass-through: upstream bytes go to the client untouched. A scanner reads only what
 * accounting needs (usage, an error event); nothing is re-encoded.
 */
import { relayUpstream, type StreamOutcome } from './relay';
import type { UpstreamCall } from './upstream';
import { AnthropicUsageScanner } from './usage-scanner';

export function pipeUpstreamStream(call: UpstreamCall, options: { provider: string; timeoutMs: number; onDone: (outcome: StreamOutcome) => void }): ReadableStream<Uint8Array> {
  const scanner = new AnthropicUsageScanner();
  return relayUpstream(call, {
    ...options,
    handlers: {
      usage: () => scanner.usage,
      read(bytes) {
        scanner.push(bytes);
        return { out: bytes };
      },
      close: () => ({ ended: scanner.errorMessage ? { status: 'error', errorMessage: scanner.errorMessage } : { status: 'ok' } }),
    },
  });
}
