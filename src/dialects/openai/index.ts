/**
 * The `openai` dialect: OpenAI Chat Completions, spoken by OpenAI and most providers that call
 * themselves OpenAI-compatible (DeepSeek, OpenRouter, Groq, vLLM, Ollama…).
 * @see https://platform.openai.com/docs/api-reference/chat
 */
import type { Dialect } from '../types';
import { convertAnthropicToOpenAI } from './convert-request';
import { convertOpenAIToAnthropic } from './convert-response';
import { readOpenAIErrorMessage, readOpenAIStreamData } from './read-stream-data';
import { createOpenAIStreamConverter } from './stream-converter';
import type { OpenAIChatChunk, OpenAIChatRequest, OpenAIChatResponse } from './types';

export const openaiDialect: Dialect<OpenAIChatRequest, OpenAIChatResponse, OpenAIChatChunk> = {
  id: 'openai',
  // `api_base_url` is the full endpoint (e.g. https://api.deepseek.com/chat/completions): providers
  // disagree on `/v1`, so ccr never appends a path.
  endpoint: ({ baseUrl, apiKey }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Local servers (Ollama, vLLM) run without a key.
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    return { url: baseUrl, headers };
  },
  convertRequest: convertAnthropicToOpenAI,
  convertResponse: convertOpenAIToAnthropic,
  createStreamConverter: createOpenAIStreamConverter,
  readStreamData: readOpenAIStreamData,
  readErrorMessage: readOpenAIErrorMessage,
};
