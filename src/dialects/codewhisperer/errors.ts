/**
 * CodeWhisperer's errors, in an HTTP error body (`{"message": …, "reason": …}`, `__type` on some)
 * or inside a 200 event stream (an `exception` message naming its type, or an `error` message with
 * `:error-code` / `:error-message` headers), read into Anthropic's terms:
 * - 400 `Improperly formed request.` stays a 400 invalid_request_error (dispatch never retries a 400);
 * - `Input is too long.` (reason `CONTENT_LENGTH_EXCEEDS_THRESHOLD`, or `ContentLengthExceededException`)
 *   is said the way Anthropic says it, `prompt is too long: …`, the words Claude Code reacts to by
 *   compacting its conversation (dispatch/failure.ts recognises it as a context-length refusal);
 * - 402 reason `MONTHLY_REQUEST_COUNT` is a billing_error (the credential is also set aside until
 *   the month turns: token-store.ts);
 * - 403 (suspended account, AccessDeniedException) a permission_error; 429 / ThrottlingException a rate_limit_error.
 * @see https://smithy.io/2.0/aws/amazon-eventstream.html (exception and error messages)
 * @see ../../../test/fixtures/codewhisperer/README.md (error bodies and their sources)
 */
import type { ErrorBody, ErrorType } from '../anthropic/types';
import { isRecord, readJsonObject } from '../read-json';

const CONTEXT_LENGTH_REASON = 'CONTENT_LENGTH_EXCEEDS_THRESHOLD';
export const MONTHLY_LIMIT_REASON = 'MONTHLY_REQUEST_COUNT';
/** Anthropic's own words for a request past the context window. */
const CONTEXT_LENGTH_PREFIX = 'prompt is too long';

const TYPE_BY_EXCEPTION: Record<string, ErrorType> = {
  ThrottlingException: 'rate_limit_error',
  ValidationException: 'invalid_request_error',
  ContentLengthExceededException: 'invalid_request_error',
  AccessDeniedException: 'permission_error',
  ResourceNotFoundException: 'not_found_error',
  ConflictException: 'invalid_request_error',
  ServiceQuotaExceededException: 'rate_limit_error',
  InternalServerException: 'api_error',
  ModelStreamErrorException: 'api_error',
  ServiceUnavailableException: 'overloaded_error',
};

/** The provider's message out of a non-2xx body, with its reason, said as Anthropic would where it matters. */
export function readCodeWhispererErrorMessage(bodyText: string): string {
  const read = readJsonObject(bodyText);
  if (!read.ok) return bodyText;
  return describe(read.value, undefined) ?? bodyText;
}

/** An `exception` message inside the stream: its type names the kind, its payload the words. */
export function errorBodyForException(exceptionType: string, payloadText: string): ErrorBody {
  const read = readJsonObject(payloadText);
  const payload = read.ok ? read.value : {};
  const reason = typeof payload.reason === 'string' ? payload.reason : undefined;
  const message = describe(payload, exceptionType) ?? (payloadText || exceptionType);
  if (exceptionType === 'ContentLengthExceededException' || reason === CONTEXT_LENGTH_REASON) return { type: 'invalid_request_error', message };
  if (reason === MONTHLY_LIMIT_REASON) return { type: 'billing_error', message };
  return { type: TYPE_BY_EXCEPTION[exceptionType] ?? 'api_error', message: `${exceptionType}: ${message}` };
}

/** An unmodeled `error` message: `:error-code` and `:error-message` headers. */
export function errorBodyForErrorMessage(code: string | undefined, message: string | undefined): ErrorBody {
  const type = (code && TYPE_BY_EXCEPTION[code]) || (code && /throttl/i.test(code) ? 'rate_limit_error' : 'api_error');
  return { type, message: `${code ?? 'error'}: ${message ?? 'CodeWhisperer reported an error without a message'}` };
}

function describe(body: Record<string, unknown>, exceptionType: string | undefined): string | undefined {
  const message = [body.message, body.Message, isRecord(body.error) ? body.error.message : undefined].find((value): value is string => typeof value === 'string');
  const reason = typeof body.reason === 'string' ? body.reason : isRecord(body.error) && typeof body.error.reason === 'string' ? body.error.reason : undefined;
  if (message === undefined && reason === undefined) return undefined;
  const text = message ?? reason!;
  if (reason === CONTEXT_LENGTH_REASON || exceptionType === 'ContentLengthExceededException' || /input is too long/i.test(text)) {
    return `${CONTEXT_LENGTH_PREFIX}: ${text}${reason ? ` (${reason})` : ''}`;
  }
  if (reason === MONTHLY_LIMIT_REASON) return `${text} (${reason}: the account's monthly request limit; it renews when the month turns)`;
  return reason && message !== undefined ? `${message} (${reason})` : text;
}
