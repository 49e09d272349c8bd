/**
 * Every error leaves in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, with the
 * status Anthropic would use. Errors are values: thrown or returned, tested by their fields.
 * @see https://docs.anthropic.com/en/api/errors
 */
import { Elysia } from 'elysia';
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
 * The app's one error handler: whatever a route, a parser or a hook throws, and any path no route
 * serves, leaves in Anthropic's shape. Never a stack trace in a response; the log keeps it. Every
 * refusal gets its log line here (method, path, status, the reason): a client that sees an error
 * can always find why in the log. (A routed /v1/messages failure answers itself, with its route in
 * its line: messages.ts.)
 */
export function anthropicErrors(log: Pick<Logger, 'error' | 'info'>) {
  return new Elysia({ name: 'anthropic-errors' }).onError({ as: 'global' }, ({ code, error, request }) => {
    const refusal = apiErrorOf(code, error, log);
    logRefusal(log, request, refusal);
    return refusal.toResponse();
  });
}

function apiErrorOf(code: string | number, error: unknown, log: Pick<Logger, 'error'>): ApiError {
  if (error instanceof ApiError) return error;
  switch (code) {
    case 'NOT_FOUND':
      return new ApiError(404, 'Not found');
    case 'PARSE':
      return new ApiError(400, `Request body could not be parsed: ${(error as Error).message}`);
    case 'VALIDATION':
      return new ApiError(400, (error as Error).message);
    default:
      log.error({ err: error }, 'unhandled error');
      return new ApiError(500, 'Internal error in ccr; see its log');
  }
}

/** One `info` line for a request ccr refused: which, and why. */
export function logRefusal(log: Pick<Logger, 'info'>, request: Request, error: ApiError): void {
  const url = new URL(request.url);
  log.info({ method: request.method, path: url.pathname, status: error.status, error: error.message }, 'request refused');
}
