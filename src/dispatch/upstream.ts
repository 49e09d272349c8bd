/**
 * The one place ccr talks to a provider: Bun's fetch, which keeps connections alive, speaks TLS and
 * goes through PROXY_URL. This adds a deadline for the response headers, an idle deadline while a
 * body streams, and the client's abort. Failures come back as ApiError values naming the provider.
 */
import { ApiError } from '../http/errors';

export interface UpstreamRequest {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Silence allowed before the response headers arrive (API_TIMEOUT_MS). */
  timeoutMs: number;
  /** Silence allowed between two body chunks once they flow (STREAM_IDLE_TIMEOUT_MS); default timeoutMs. */
  idleTimeoutMs?: number;
  /** The client went away: stop the upstream request too. */
  clientSignal?: AbortSignal;
  proxyUrl?: string;
  fetch?: typeof fetch;
  /** Told when the call starts and when it is over (its body read, or it failed): the time spent waiting on providers. */
  trace?: UpstreamTrace;
}

/**
 * What recording learns from one request's upstream calls (src/stats/request-timing.ts): the time
 * spent on providers, apart from ccr's own, the waits between retries, and each failed attempt.
 */
export interface UpstreamTrace {
  callStarted(): void;
  callEnded(): void;
  waited(ms: number): void;
  attemptFailed(provider: string, status: number): void;
}

export interface UpstreamCall {
  response: Response;
  /** Re-arms the silence deadline; call it on every body chunk. */
  touch(): void;
  /** Cancels the deadline once the body is fully read. */
  finish(): void;
  /** Why the call was aborted, if it was: `timeout` or `client`. */
  abortReason(): 'timeout' | 'client' | undefined;
  abort(): void;
}

/**
 * A call under way: its own listener for the client's abort (`handleEvent`), and the argument of
 * its own timer, so that no closure is made per call for either.
 */
class Call implements UpstreamCall {
  response!: Response;
  readonly controller = new AbortController();
  private reason: 'timeout' | 'client' | undefined;
  private timer: Timer;

  constructor(private readonly request: UpstreamRequest) {
    this.timer = setTimeout(expire, request.timeoutMs, this);
    request.trace?.callStarted();
  }

  /** The headers are in: from now on the deadline is the silence allowed between chunks. */
  answered(): void {
    const idle = this.request.idleTimeoutMs ?? this.request.timeoutMs;
    if (idle === this.request.timeoutMs) {
      this.timer.refresh();
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(expire, idle, this);
  }

  abortFor(why: 'timeout' | 'client'): void {
    this.reason ??= why;
    this.controller.abort();
  }

  handleEvent(): void {
    this.abortFor('client');
  }

  touch(): void {
    this.timer.refresh();
  }

  finish(): void {
    clearTimeout(this.timer);
    this.request.clientSignal?.removeEventListener('abort', this);
    this.request.trace?.callEnded();
  }

  abortReason(): 'timeout' | 'client' | undefined {
    return this.reason;
  }

  abort(): void {
    this.controller.abort();
  }
}

/** The silence deadline passed: API_TIMEOUT_MS with no headers, or between two body chunks. */
const expire = (call: Call) => call.abortFor('timeout');

export async function callUpstream(request: UpstreamRequest): Promise<UpstreamCall> {
  const call = new Call(request);
  try {
    const signal = request.clientSignal;
    if (signal !== undefined) {
      if (signal.aborted) call.abortFor('client');
      signal.addEventListener('abort', call, { once: true });
    }
    const init: RequestInit & { proxy?: string } = { method: 'POST', headers: request.headers, body: request.body, signal: call.controller.signal };
    if (request.proxyUrl) init.proxy = request.proxyUrl;
    call.response = await (request.fetch ?? fetch)(request.url, init);
    call.answered();
    return call;
  } catch (error) {
    call.finish();
    const reason = call.abortReason();
    // Through a proxy, ccr's own connection is to the proxy: a failure to connect is the proxy's.
    if (reason === undefined && request.proxyUrl && isConnectFailure(error)) throw proxyFailure(request.provider, request.proxyUrl, error);
    throw upstreamFailure(request.provider, reason, error, request.timeoutMs);
  }
}

export function upstreamFailure(provider: string, reason: 'timeout' | 'client' | undefined, error: unknown, timeoutMs: number): ApiError {
  if (reason === 'timeout') return new ApiError(504, `Provider "${provider}" did not answer within ${timeoutMs} ms (API_TIMEOUT_MS)`);
  if (reason === 'client') return new ApiError(499, 'Client closed the request', { type: 'api_error' });
  return new ApiError(502, `Provider "${provider}" is unreachable: ${describeNetworkError(error)}`);
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ConnectionRefused', 'ConnectionClosed']);

function isConnectFailure(error: unknown): boolean {
  return CONNECT_FAILURES.has((error as { code?: string }).code ?? '');
}

function proxyFailure(provider: string, proxyUrl: string, error: unknown): ApiError {
  let proxy = proxyUrl;
  try {
    proxy = new URL(proxyUrl).host;
  } catch {
    // Shown as written.
  }
  const code = (error as { code?: string }).code;
  const what = code === 'ECONNREFUSED' || code === 'ConnectionRefused' ? 'refused the connection' : `could not be reached (${describeNetworkError(error)})`;
  return new ApiError(502, `The proxy ${proxy} (PROXY_URL) ${what}, so provider "${provider}" was not reached`);
}

/** A fetch failure in words for the user: Bun's advice to its own developers is dropped. */
export function describeNetworkError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*For more information, pass `verbose: true`.*$/s, '');
}
