/**
 * Bun's `diagnostics_channel.TracingChannel` lacks the `hasSubscribers` getter Node has had since
 * v20.13 (oven-sh/bun#27805), so it reads `undefined`. pino checks `hasSubscribers === false`
 * before formatting each line and, seeing `undefined`, formats every line inside `traceSync`:
 * stores, start and end events, and about 13 us of CPU per request line at 32 requests at once.
 * This adds Node's getter where it is missing and does nothing on a Bun that has it.
 * Imported before pino is (src/log.ts).
 */
import { tracingChannel } from 'node:diagnostics_channel';

const prototype = Object.getPrototypeOf(tracingChannel('ccr:shim-probe')) as object;
if (!('hasSubscribers' in prototype)) {
  Object.defineProperty(prototype, 'hasSubscribers', {
    configurable: true,
    get(this: Record<'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error', { hasSubscribers: boolean }>): boolean {
      return this.start.hasSubscribers || this.end.hasSubscribers || this.asyncStart.hasSubscribers || this.asyncEnd.hasSubscribers || this.error.hasSubscribers;
    },
  });
}
