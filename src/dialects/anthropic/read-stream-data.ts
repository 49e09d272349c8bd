/**
 * Reading an Anthropic stream's `data:` payloads and error bodies.
 * @see https://docs.anthropic.com/en/api/messages-streaming#error-events
 * @see https://docs.anthropic.com/en/api/errors
 */
import type { StreamData } from '../types';
import type { ErrorBody, ErrorType, StreamEvent } from './types';

const ERROR_TYPES: ReadonlySet<string> = new Set<ErrorType>([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
]);

export function readAnthropicStreamData(data: string, _event: string | undefined): StreamData<StreamEvent> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { kind: 'error', error: { type: 'api_error', message: `upstream sent a stream event that is not JSON: ${data.slice(0, 200)}` } };
  }
  if (!isRecord(parsed) || typeof parsed.type !== 'string') return { kind: 'skip' };
  if (parsed.type === 'error') return { kind: 'error', error: readErrorBody(parsed.error) };
  return { kind: 'chunk', chunk: parsed as unknown as StreamEvent };
}

/** `{"type":"error","error":{"type","message"}}` → the message; anything else → the raw text. */
export function readAnthropicErrorMessage(bodyText: string): string {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (isRecord(parsed) && isRecord(parsed.error) && typeof parsed.error.message === 'string') return parsed.error.message;
  } catch {
    // Not JSON (a proxy's HTML page, plain text): the raw text is the best message there is.
  }
  return bodyText;
}

function readErrorBody(error: unknown): ErrorBody {
  if (!isRecord(error)) return { type: 'api_error', message: 'upstream reported an error without details' };
  const type = typeof error.type === 'string' && ERROR_TYPES.has(error.type) ? (error.type as ErrorType) : 'api_error';
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
  return { type, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
