/**
 * One request's clock: when it arrived, the time its upstream calls took (from the call to the end
 * of its body, or its failure), the waits between retries, and the attempts that failed. ccr's own
 * time is the rest. Filled by dispatch through its `trace` (src/dispatch/upstream.ts); read for the
 * `Server-Timing` header and for the stats. Times are `performance.now()` milliseconds.
 */
import type { UpstreamTrace } from '../dispatch/upstream';

export interface FailedAttempt {
  provider: string;
  status: number;
}

export class RequestTiming implements UpstreamTrace {
  /** Upstream calls over so far, summed. */
  upstreamMs = 0;
  /** Time spent sleeping before a retry: neither the provider's nor ccr's work. */
  waitedMs = 0;
  calls = 0;
  failures: FailedAttempt[] | undefined;
  private openSince: number | undefined;

  constructor(readonly started: number = performance.now()) {}

  callStarted(): void {
    this.calls++;
    this.openSince = performance.now();
  }

  callEnded(): void {
    if (this.openSince === undefined) return;
    this.upstreamMs += performance.now() - this.openSince;
    this.openSince = undefined;
  }

  waited(ms: number): void {
    this.waitedMs += ms;
  }

  attemptFailed(provider: string, status: number): void {
    (this.failures ??= []).push({ provider, status });
  }

  /** Time on providers until `now`, a call still open included. */
  upstreamUntil(now: number): number {
    return this.openSince === undefined ? this.upstreamMs : this.upstreamMs + (now - this.openSince);
  }

  /** ccr's own time until `now`: the rest, waits before retries left out. */
  ownUntil(now: number): number {
    return Math.max(0, now - this.started - this.upstreamUntil(now) - this.waitedMs);
  }

  /** `Server-Timing` as the response's headers leave: a stream's upstream time so far. */
  serverTiming(now: number = performance.now()): string {
    return `ccr;dur=${fixed(this.ownUntil(now))}, upstream;dur=${fixed(this.upstreamUntil(now))}`;
  }
}

/** A `Server-Timing` for a response with no upstream call. */
export function ownServerTiming(started: number, now: number = performance.now()): string {
  return `ccr;dur=${fixed(now - started)}, upstream;dur=0`;
}

const fixed = (ms: number) => (Math.round(ms * 1000) / 1000).toString();
