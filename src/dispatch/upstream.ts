/**
 * The one place ccr talks to a provider, through Bun's fetch or, for plain-http upstreams, ccr's
 * own HTTP/1.1 client (http1/client.ts); both reuse keep-alive connections. This adds a deadline
 * for the response headers, an idle deadline while a body streams, the client's abort, and
 * PROXY_URL. Failures come back as ApiError values naming the provider.
 */
import { ApiError } from '../http/errors';
import { Http1Client } from './http1/client';

export interface UpstreamRequest {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Silence allowed before headers arrive, and between two body chunks. */
  timeoutMs: number;
  /** The client went away: stop the upstream request too. */
  clientSignal?: AbortSignal;
  proxyUrl?: string;
  fetch?: typeof fetch;
}

/** What dispatch reads of an answer: fetch's `Response`, or the HTTP/1.1 client's lighter one. */
export type UpstreamResponse = Pick<Response, 'ok' | 'status' | 'statusText' | 'body' | 'text'> & { readonly headers: { get(name: string): string | null } };

export interface UpstreamCall {
  response: UpstreamResponse;
  /** Re-arms the silence deadline; call it on every body chunk. */
  touch(): void;
  /** Cancels the deadline once the body is fully read. */
  finish(): void;
  /** Why the call was aborted, if it was: `timeout` or `client`. */
  abortReason(): 'timeout' | 'client' | undefined;
  abort(): void;
}

/** Plain-http upstreams (local model servers) go through ccr's own HTTP/1.1 client: see http1/client.ts. */
const http1 = new Http1Client();
/** `CCR_UPSTREAM_CLIENT=fetch` sends every call through fetch: a way back should a server and the client disagree. */
const http1Enabled = process.env.CCR_UPSTREAM_CLIENT !== 'fetch';

/** A request sent, and how to give up on it. */
interface Sent {
  response: Promise<UpstreamResponse>;
  abort(): void;
}

/**
 * Plain `http:` without a proxy goes through ccr's HTTP/1.1 client, which is aborted directly;
 * everything else (https, PROXY_URL, a fetch injected by tests) through fetch and an AbortController.
 */
function send(request: UpstreamRequest): Sent {
  const { url, headers, body } = request;
  if (http1Enabled && request.fetch === undefined && !request.proxyUrl && url.startsWith('http:')) return http1.request(url, { method: 'POST', headers, body });
  const controller = new AbortController();
  const init: RequestInit & { proxy?: string } = { method: 'POST', headers, body, signal: controller.signal };
  if (request.proxyUrl) init.proxy = request.proxyUrl;
  return { response: (request.fetch ?? fetch)(url, init), abort: () => controller.abort() };
}

/**
 * A call under way: one object with methods where there were seven closures (deadline, client
 * abort, finish, and the four the caller uses), built for every request. It is its own listener
 * for the client's abort (`handleEvent`); its timer is given the call as its argument, so no
 * closure is made for it either.
 */
class Call implements UpstreamCall {
  response!: UpstreamResponse;
  sent: Sent | undefined;
  private reason: 'timeout' | 'client' | undefined;
  private readonly timer: Timer;

  constructor(private readonly request: UpstreamRequest) {
    this.timer = setTimeout(expire, request.timeoutMs, this);
  }

  expire(): void {
    this.abortFor('timeout');
  }

  abortFor(why: 'timeout' | 'client'): void {
    this.reason ??= why;
    this.sent?.abort();
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
  }

  abortReason(): 'timeout' | 'client' | undefined {
    return this.reason;
  }

  abort(): void {
    this.sent!.abort();
  }
}

/** The silence deadline passed: API_TIMEOUT_MS with no headers, or between two body chunks. */
const expire = (call: Call) => call.expire();

export async function callUpstream(request: UpstreamRequest): Promise<UpstreamCall> {
  const call = new Call(request);
  try {
    const sent = (call.sent = send(request));
    const signal = request.clientSignal;
    if (signal !== undefined) {
      if (signal.aborted) call.abortFor('client');
      signal.addEventListener('abort', call, { once: true });
    }
    call.response = await sent.response;
    return call;
  } catch (error) {
    call.finish();
    throw upstreamFailure(request.provider, call.abortReason(), error, request.timeoutMs);
  }
}

export function upstreamFailure(provider: string, reason: 'timeout' | 'client' | undefined, error: unknown, timeoutMs: number): ApiError {
  if (reason === 'timeout') return new ApiError(504, `Provider "${provider}" did not answer within ${timeoutMs} ms (API_TIMEOUT_MS)`);
  if (reason === 'client') return new ApiError(499, 'Client closed the request', { type: 'api_error' });
  return new ApiError(502, `Provider "${provider}" is unreachable: ${describeNetworkError(error)}`);
}

/** A fetch failure in words for the user: Bun's advice to its own developers is dropped. */
export function describeNetworkError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*For more information, pass `verbose: true`.*$/s, '');
}
