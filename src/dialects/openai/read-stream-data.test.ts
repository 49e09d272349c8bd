import { describe, expect, test } from 'bun:test';
import { openaiDialect } from './index';

describe('openai endpoint', () => {
  const input = { baseUrl: 'https://api.deepseek.com/chat/completions', model: 'deepseek-chat', stream: true, apiKey: 'sk-1' };

  test('uses api_base_url as the full URL and a Bearer key', () => {
    expect(openaiDialect.endpoint(input)).toEqual({
      url: 'https://api.deepseek.com/chat/completions',
      headers: { authorization: 'Bearer sk-1', 'content-type': 'application/json' },
    });
  });

  test('sends no authorization header when there is no key (local servers)', () => {
    expect(openaiDialect.endpoint({ ...input, apiKey: '' }).headers).toEqual({ 'content-type': 'application/json' });
  });
});

describe('openai readStreamData', () => {
  test('[DONE] ends the stream', () => {
    expect(openaiDialect.readStreamData('[DONE]', undefined)).toEqual({ kind: 'done' });
  });

  test('a chunk is parsed once into kind chunk', () => {
    expect(openaiDialect.readStreamData('{"id":"c","choices":[]}', undefined)).toEqual({ kind: 'chunk', chunk: { id: 'c', choices: [] } });
  });

  test('an OpenRouter mid-stream error keeps its message and maps its code to a type', () => {
    const data = '{"id":"g","error":{"code":502,"message":"Upstream: model overloaded, try later"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}';
    expect(openaiDialect.readStreamData(data, undefined)).toEqual({
      kind: 'error',
      error: { type: 'api_error', message: 'Upstream: model overloaded, try later' },
    });
  });

  test.each([
    [{ code: 429, message: 'm' }, 'rate_limit_error'],
    [{ code: '429', message: 'm' }, 'rate_limit_error'],
    [{ code: 'rate_limit_exceeded', type: 'requests', message: 'm' }, 'rate_limit_error'],
    [{ code: 'context_length_exceeded', type: 'invalid_request_error', message: 'm' }, 'invalid_request_error'],
    [{ code: 503, message: 'm' }, 'overloaded_error'],
    // OpenAI's 401 body for a bad key says invalid_request_error in `type`.
    [{ code: 'invalid_api_key', type: 'invalid_request_error', message: 'm' }, 'authentication_error'],
    [{ code: 'server_error', message: 'm' }, 'api_error'],
  ])('error %j has type %s', (error, type) => {
    const read = openaiDialect.readStreamData(JSON.stringify({ error }), undefined);
    expect(read).toEqual({ kind: 'error', error: { type: type as never, message: 'm' } });
  });

  test('invalid JSON becomes an api_error naming what arrived', () => {
    expect(openaiDialect.readStreamData('{"id": "c", "choi', undefined)).toEqual({
      kind: 'error',
      error: { type: 'api_error', message: 'upstream sent a stream event that is not JSON: {"id": "c", "choi' },
    });
  });

  test('an empty payload is skipped', () => {
    expect(openaiDialect.readStreamData('', undefined)).toEqual({ kind: 'skip' });
  });
});

describe('openai readErrorMessage', () => {
  test.each([
    ['{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}', 'Incorrect API key provided'],
    ['{"error":"model not found"}', 'model not found'],
    ['{"message":"Insufficient Balance"}', 'Insufficient Balance'],
    ['<html>502 Bad Gateway</html>', '<html>502 Bad Gateway</html>'],
    ['{"detail":"odd"}', '{"detail":"odd"}'],
  ])('%s → %s', (body, message) => {
    expect(openaiDialect.readErrorMessage(body)).toBe(message);
  });
});
