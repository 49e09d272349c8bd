/**
 * The Anthropic error type for an HTTP status: what Anthropic itself would answer with that status.
 * Shared by ccr's own errors (src/http/errors.ts) and by dialects reading a provider's error codes.
 * @see https://docs.anthropic.com/en/api/errors
 */
import type { ErrorType } from './types';

const STATUS_TO_TYPE: Record<number, ErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function errorTypeForStatus(status: number): ErrorType {
  return STATUS_TO_TYPE[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/**
 * The status Anthropic answers an error type with: what an error a provider reported inside a
 * 200 stream becomes when it can still leave as an HTTP error (nothing sent to the client yet).
 */
const TYPE_TO_STATUS: Record<ErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 502,
  timeout_error: 504,
  overloaded_error: 529,
};

export function statusForErrorType(type: ErrorType): number {
  return TYPE_TO_STATUS[type] ?? 502;
}
