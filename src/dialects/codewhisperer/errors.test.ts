import { describe, expect, test } from 'bun:test';
import { classifyResponse } from '../../dispatch/failure';
import { errorBodyForException, readCodeWhispererErrorMessage } from './errors';

describe('CodeWhisperer error bodies', () => {
  test('400 Improperly formed request keeps its words', () => {
    expect(readCodeWhispererErrorMessage('{"message":"Improperly formed request.","reason":null}')).toBe('Improperly formed request.');
  });

  test('input too long is said as Anthropic says a context overflow', () => {
    const message = readCodeWhispererErrorMessage('{"message":"Input is too long.","reason":"CONTENT_LENGTH_EXCEEDS_THRESHOLD"}');
    expect(message).toBe('prompt is too long: Input is too long. (CONTENT_LENGTH_EXCEEDS_THRESHOLD)');
    // Dispatch reads it as a context-length refusal: the longContext route is tried next.
    expect(classifyResponse({ status: 400, headers: new Headers() }, message, 0).kind).toBe('context_length');
  });

  test('402 monthly limit names the reason and when it renews', () => {
    expect(readCodeWhispererErrorMessage('{"message":"You have reached the limit.","reason":"MONTHLY_REQUEST_COUNT"}')).toContain('MONTHLY_REQUEST_COUNT');
  });

  test('403 suspended, 429 throttled, a body that is not JSON', () => {
    expect(readCodeWhispererErrorMessage('{"__type":"AccessDeniedException","message":"Your account is temporarily suspended."}')).toBe('Your account is temporarily suspended.');
    expect(readCodeWhispererErrorMessage('{"message":"Too many requests","reason":"THROTTLED"}')).toBe('Too many requests (THROTTLED)');
    expect(readCodeWhispererErrorMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
  });

  test('exceptions inside the stream map to Anthropic error types', () => {
    expect(errorBodyForException('ThrottlingException', '{"message":"slow"}')).toEqual({ type: 'rate_limit_error', message: 'ThrottlingException: slow' });
    expect(errorBodyForException('ValidationException', '{"message":"Improperly formed request."}').type).toBe('invalid_request_error');
    expect(errorBodyForException('AccessDeniedException', '{}').type).toBe('permission_error');
    expect(errorBodyForException('ServiceQuotaExceededException', '{"message":"limit","reason":"MONTHLY_REQUEST_COUNT"}').type).toBe('billing_error');
    expect(errorBodyForException('SomethingNew', 'not json')).toEqual({ type: 'api_error', message: 'SomethingNew: not json' });
  });
});
