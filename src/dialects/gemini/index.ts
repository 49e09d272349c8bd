/**
 * Gemini's native generateContent / streamGenerateContent dialect.
 * @see https://ai.google.dev/api/generate-content
 */
import type { Dialect } from '../types';
import { convertAnthropicToGemini } from './convert-request';
import { convertGeminiToAnthropic } from './convert-response';
import { geminiEndpoint } from './endpoint';
import { readGeminiErrorMessage, readGeminiStreamData } from './read-stream-data';
import { createGeminiStreamConverter } from './stream-converter';
import type { GeminiRequest, GeminiResponse } from './types';

export const geminiDialect: Dialect<GeminiRequest, GeminiResponse, GeminiResponse> = {
  id: 'gemini',
  endpoint: geminiEndpoint,
  convertRequest: convertAnthropicToGemini,
  convertResponse: convertGeminiToAnthropic,
  createStreamConverter: createGeminiStreamConverter,
  readStreamData: readGeminiStreamData,
  readErrorMessage: readGeminiErrorMessage,
};
