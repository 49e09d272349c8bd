/**
 * Reads usage (and an error, if any) out of an Anthropic event stream that is piped to the client
 * untouched. Parsing every event would cost more than piping: this searches the raw bytes (native
 * memmem) for the three event names that matter and decodes and parses only those events.
 */
import type { Usage } from '../dialects/anthropic/types';

type Marker = 'message_start' | 'message_delta' | 'error';
const MARKERS: ReadonlyArray<{ marker: Marker; bytes: Buffer }> = (['message_start', 'message_delta', 'error'] as const).map((marker) => ({
  marker,
  bytes: Buffer.from(`event: ${marker}`),
}));
/** Enough of a chunk's end to hold a marker cut in two by the network. */
const LONGEST_MARKER = Math.max(...MARKERS.map(({ bytes }) => bytes.length));
const EVENT_END = Buffer.from('\n\n');

export class AnthropicUsageScanner {
  readonly usage: Partial<Usage> = {};
  errorMessage: string | undefined;
  /** The end of the previous chunk: an event still open, or a tail too short to hold a whole event. */
  private carry: Buffer | undefined;

  push(bytes: Uint8Array): void {
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const buffer = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let keepFrom = Math.max(0, buffer.length - LONGEST_MARKER);
    for (const { marker, bytes: needle } of MARKERS) {
      for (let at = buffer.indexOf(needle); at !== -1; ) {
        const end = buffer.indexOf(EVENT_END, at);
        if (end === -1) {
          keepFrom = Math.min(keepFrom, at);
          break;
        }
        this.read(marker, buffer.toString('utf8', at, end));
        at = buffer.indexOf(needle, end);
      }
    }
    // Copied: the chunk's memory belongs to the stream.
    this.carry = keepFrom < buffer.length ? Buffer.from(buffer.subarray(keepFrom)) : undefined;
  }

  private read(marker: Marker, event: string): void {
    const dataAt = event.indexOf('data:');
    if (dataAt === -1) return;
    let payload: { message?: { usage?: Usage }; usage?: Usage; error?: { message?: string } };
    try {
      payload = JSON.parse(event.slice(dataAt + 5));
    } catch {
      return; // Accounting must never break the user's stream.
    }
    switch (marker) {
      case 'message_start':
        Object.assign(this.usage, payload.message?.usage);
        break;
      case 'message_delta':
        Object.assign(this.usage, payload.usage);
        break;
      case 'error':
        this.errorMessage = payload.error?.message ?? 'error event';
        break;
      default: {
        const _exhaustive: never = marker;
        return _exhaustive;
      }
    }
  }
}
