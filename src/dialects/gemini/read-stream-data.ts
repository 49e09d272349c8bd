/**
 * Reading Gemini's stream payloads and error bodies. Google reports errors as
 * `{"error":{"code","message","status"}}` (sometimes wrapped in an array), in a non-2xx body or
 * as a stream's data.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://cloud.google.com/apis/design/errors#handling_errors
 */
import { isRecord, parseJsonPayload, payloadError } from '../read-json';
import { STREAM_SKIP, type StreamData } from '../types';
import { errorTypeForStatus } from '../anthropic/errors';
import type { ErrorBody, ErrorType } from '../anthropic/types';
import type { GeminiResponse } from './types';

/** google.rpc.Code names → the Anthropic error type a client handles the same way. */
const ERROR_TYPE_BY_STATUS: Record<string, ErrorType> = {
  INVALID_ARGUMENT: 'invalid_request_error',
  FAILED_PRECONDITION: 'invalid_request_error',
  OUT_OF_RANGE: 'invalid_request_error',
  UNAUTHENTICATED: 'authentication_error',
  PERMISSION_DENIED: 'permission_error',
  NOT_FOUND: 'not_found_error',
  RESOURCE_EXHAUSTED: 'rate_limit_error',
  UNAVAILABLE: 'overloaded_error',
  DEADLINE_EXCEEDED: 'timeout_error',
  INTERNAL: 'api_error',
};

export function readGeminiStreamData(data: string, _event: string | undefined): StreamData<GeminiResponse> {
  const read = parseJsonPayload(data);
  // Blank payloads are not JSON either: checked only then, not on every chunk.
  if (!read.ok) return data.trim() === '' ? STREAM_SKIP : { kind: 'error', error: read.error };
  const error = findGoogleError(read.value);
  if (error) return { kind: 'error', error: toErrorBody(error) };
  if (!isRecord(read.value)) return { kind: 'error', error: payloadError('is not a JSON object', data) };
  return { kind: 'chunk', chunk: read.value as GeminiResponse };
}

export function readGeminiErrorMessage(bodyText: string): string {
  const read = parseJsonPayload(bodyText);
  const error = read.ok ? findGoogleError(read.value) : undefined;
  return error && typeof error.message === 'string' ? error.message : bodyText;
}

function findGoogleError(parsed: unknown): Record<string, unknown> | undefined {
  const body = Array.isArray(parsed) ? parsed[0] : parsed;
  return isRecord(body) && isRecord(body.error) ? body.error : undefined;
}

function toErrorBody(error: Record<string, unknown>): ErrorBody {
  const status = typeof error.status === 'string' ? error.status : undefined;
  const code = typeof error.code === 'number' ? error.code : undefined;
  const type = (status && ERROR_TYPE_BY_STATUS[status]) || (code !== undefined ? errorTypeForStatus(code) : 'api_error');
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
  return { type, message };
}
