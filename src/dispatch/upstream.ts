/**
 * The one place ccr talks to a provider. Bun's fetch reuses keep-alive connections by default;
 * this adds a deadline for the response headers, an idle deadline while a body streams, the
 * client's abort, and PROXY_URL. Failures come back as ApiError values naming the provider.
 */
import { ApiError } from '../http/errors';

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

export async function callUpstream(request: UpstreamRequest): Promise<UpstreamCall> {
  const controller = new AbortController();
  let reason: 'timeout' | 'client' | undefined;
  const onClientAbort = () => {
    reason ??= 'client';
    controller.abort();
  };
  if (request.clientSignal?.aborted) onClientAbort();
  request.clientSignal?.addEventListener('abort', onClientAbort, { once: true });
  const timer = setTimeout(() => {
    reason ??= 'timeout';
    controller.abort();
  }, request.timeoutMs);
  const finish = () => {
    clearTimeout(timer);
    request.clientSignal?.removeEventListener('abort', onClientAbort);
  };

  const doFetch = request.fetch ?? fetch;
  try {
    const init: RequestInit & { proxy?: string } = {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    };
    if (request.proxyUrl) init.proxy = request.proxyUrl;
    const response = await doFetch(request.url, init);
    return {
      response,
      touch: () => timer.refresh(),
      finish,
      abortReason: () => reason,
      abort: () => controller.abort(),
    };
  } catch (error) {
    finish();
    throw upstreamFailure(request.provider, reason, error, request.timeoutMs);
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
