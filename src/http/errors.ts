/**
 * Every error leaves in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, with the
 * status Anthropic would use. Errors are values: thrown or returned, tested by their fields.
 * @see https://docs.anthropic.com/en/api/errors
 */
import type { ErrorResponse, ErrorType } from '../dialects/anthropic/types';

const STATUS_TO_TYPE: Record<number, ErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
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

export class ApiError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  /** Headers the client must see, e.g. an upstream's `retry-after`. */
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: { type?: ErrorType; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = options.type ?? errorTypeForStatus(status);
    this.headers = options.headers ?? {};
  }

  toJSON(): ErrorResponse {
    return { type: 'error', error: { type: this.type, message: this.message } };
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.toJSON()), {
      status: this.status,
      headers: { 'content-type': 'application/json', ...this.headers },
    });
  }
}

