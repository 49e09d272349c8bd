/**
 * Reading an Anthropic stream's `data:` payloads and error bodies.
 * @see https://docs.anthropic.com/en/api/messages-streaming#error-events
 * @see https://docs.anthropic.com/en/api/errors
 */
import { isRecord, readJsonObject } from '../read-json';
import { STREAM_SKIP, type StreamData } from '../types';
import type { ErrorBody, ErrorType, StreamEvent } from './types';

const ERROR_TYPES: ReadonlySet<string> = new Set<ErrorType>([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
]);

export function readAnthropicStreamData(data: string, _event: string | undefined): StreamData<StreamEvent> {
  const read = readJsonObject(data);
  if (!read.ok) return { kind: 'error', error: read.error };
  const event = read.value;
  if (typeof event.type !== 'string') return STREAM_SKIP;
  if (event.type === 'error') return { kind: 'error', error: readErrorBody(event.error) };
  return { kind: 'chunk', chunk: event as unknown as StreamEvent };
}

/** `{"type":"error","error":{"type","message"}}` → the message; anything else (a proxy's HTML page) → the raw text. */
export function readAnthropicErrorMessage(bodyText: string): string {
  const read = readJsonObject(bodyText);
  if (read.ok && isRecord(read.value.error) && typeof read.value.error.message === 'string') return read.value.error.message;
  return bodyText;
}

function readErrorBody(error: unknown): ErrorBody {
  if (!isRecord(error)) return { type: 'api_error', message: 'upstream reported an error without details' };
  const type = typeof error.type === 'string' && ERROR_TYPES.has(error.type) ? (error.type as ErrorType) : 'api_error';
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
  return { type, message };
}
