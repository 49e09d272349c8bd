/**
 * What an OpenAI-compatible stream's `data:` payload means, and the message inside an error body.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 * @see https://openrouter.ai/docs/api-reference/streaming (errors during streaming)
 */
import { errorTypeForStatus } from '../anthropic/errors';
import type { ErrorType } from '../anthropic/types';
import { readJsonObject } from '../read-json';
import { STREAM_DONE, STREAM_SKIP, type StreamData } from '../types';
import type { OpenAIChatChunk, OpenAIErrorBody } from './types';

const DONE = '[DONE]';

export function readOpenAIStreamData(data: string): StreamData<OpenAIChatChunk> {
  if (data === DONE) return STREAM_DONE;
  if (data.length === 0) return STREAM_SKIP;
  const read = readJsonObject(data);
  if (!read.ok) return data.trim() === DONE ? STREAM_DONE : { kind: 'error', error: read.error };
  // OpenRouter reports failures mid-generation as a chunk with a top-level `error`.
  const error = (read.value as Partial<OpenAIErrorBody>).error;
  if (error !== undefined && error !== null) {
    return { kind: 'error', error: { type: errorTypeForOpenAIError(error), message: errorMessageOf(error) ?? JSON.stringify(error) } };
  }
  return { kind: 'chunk', chunk: read.value as unknown as OpenAIChatChunk };
}

/**
 * OpenRouter puts an HTTP status in `code`; OpenAI a string code and a `type`.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://openrouter.ai/docs/api-reference/errors
 */
function errorTypeForOpenAIError(error: OpenAIErrorBody['error'] | string): ErrorType {
  if (typeof error !== 'object') return 'api_error';
  const code = error.code;
  if (typeof code === 'number') return errorTypeForStatus(code);
  if (typeof code === 'string' && /^\d{3}$/.test(code)) return errorTypeForStatus(Number(code));
  const kind = `${typeof code === 'string' ? code : ''} ${error.type ?? ''}`;
  if (kind.includes('rate_limit') || kind.includes('insufficient_quota')) return 'rate_limit_error';
  // Before invalid_request: OpenAI's bad key is `{type: "invalid_request_error", code: "invalid_api_key"}`.
  if (kind.includes('authentication') || kind.includes('invalid_api_key')) return 'authentication_error';
  if (kind.includes('context_length') || kind.includes('invalid_request')) return 'invalid_request_error';
  if (kind.includes('overloaded')) return 'overloaded_error';
  if (kind.includes('timeout')) return 'timeout_error';
  return 'api_error';
}

function errorMessageOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object') {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return undefined;
}

/** The provider's message out of an error body: `error.message`, `error` (a string), `message`, or the raw text. */
export function readOpenAIErrorMessage(bodyText: string): string {
  const read = readJsonObject(bodyText);
  if (!read.ok) return bodyText;
  return errorMessageOf(read.value.error) ?? errorMessageOf(read.value) ?? bodyText;
}
