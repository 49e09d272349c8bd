/**
 * What a failed upstream call means for what happens next: whether the key is at fault, whether
 * another attempt can help, how long the provider asked us to wait. Pure: status, headers and the
 * provider's message in, a verdict out.
 */

export type FailureKind =
  /** 401, 402, 403: the key is refused; another key may work. */
  | 'refused'
  /** 429 that names a wait or carries rate-limit headers: the key's quota; rest it, try another. */
  | 'rate_limited'
  /** 429 that says nothing about the key: maybe the request itself; one other key, then give up. */
  | 'rate_limited_unsure'
  /** 408, 5xx (529 included): the provider's trouble; retry, then fail over. */
  | 'server'
  /** Unreachable, reset, cut off before the first byte. */
  | 'network'
  /** Silent past API_TIMEOUT_MS before the first byte. */
  | 'timeout'
  /** The prompt is over the model's window: another key cannot help, a longContext route can. */
  | 'context_length'
  /** Any other 4xx: the request is wrong; retrying cannot fix it. */
  | 'request'
  /** The client left: nobody is waiting for another attempt. */
  | 'client_gone';

export interface Failure {
  kind: FailureKind;
  status: number;
  message: string;
  /** From `retry-after` (seconds or an HTTP date) or `retry-after-ms`. */
  retryAfterMs?: number;
}

/** Headers providers send with a rate limit that is about the key or account, not the request. */
const RATE_LIMIT_HEADER = /^(x-ratelimit-|anthropic-ratelimit-|ratelimit-|x-rate-limit-)/i;

/** How providers word a prompt over the model's window (OpenAI, Anthropic, Gemini, DeepSeek, vLLM, Ollama…). */
const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|prompt is too long|input is too long|too many (input )?tokens|exceeds? the (maximum )?(number of )?tokens|input token count|reduce the length of the (messages|input)|longer than the model/i;

export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null; forEach?(callback: (value: string, name: string) => void): void };
}

export function classifyResponse(response: ResponseLike, message: string, now: number): Failure {
  const { status } = response;
  const retryAfterMs = parseRetryAfter(response.headers, now);
  const base = { status, message, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  if (status === 401 || status === 402 || status === 403) return { kind: 'refused', ...base };
  if (status === 429) return { kind: retryAfterMs !== undefined || hasRateLimitHeaders(response.headers) ? 'rate_limited' : 'rate_limited_unsure', ...base };
  if (status === 408 || status >= 500) return { kind: 'server', ...base };
  if (CONTEXT_LENGTH.test(message)) return { kind: 'context_length', ...base };
  return { kind: 'request', ...base };
}

/** `retry-after-ms` (OpenAI, Anthropic), else `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(headers: ResponseLike['headers'], now: number): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function hasRateLimitHeaders(headers: ResponseLike['headers']): boolean {
  let found = false;
  headers.forEach?.((_value, name) => {
    if (RATE_LIMIT_HEADER.test(name)) found = true;
  });
  return found;
}

/**
 * The wait before trying the same key again: exponential, with full jitter so that many clients
 * refused at once do not come back at once.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffMs(attempt: number, random: () => number, baseMs = 250, capMs = 8_000): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
