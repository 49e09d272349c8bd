/**
 * Every error leaves in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, with the
 * status Anthropic would use. Errors are values: thrown or returned, tested by their fields.
 * @see https://docs.anthropic.com/en/api/errors
 */
import { errorTypeForStatus } from '../dialects/anthropic/errors';
import type { ErrorResponse, ErrorType } from '../dialects/anthropic/types';
import type { Logger } from '../log';

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

/**
 * What any failure of a handler becomes: its own answer for an ApiError, a 500 for anything else.
 * Never a stack trace in a response; the log keeps it.
 */
export function errorResponse(error: unknown, logUnexpected: (error: unknown) => void): Response {
  if (error instanceof ApiError) return error.toResponse();
  logUnexpected(error);
  return new ApiError(500, 'Internal error in ccr; see its log').toResponse();
}

/** Logs what escaped a handler, stack included, where errorResponse answers without it. */
export const logUnexpectedWith = (log: Pick<Logger, 'error'>) => (error: unknown) => log.error({ err: error }, 'unhandled error');
