/**
 * OpenAI Chat Completions, as OpenAI-compatible providers (OpenAI, DeepSeek, OpenRouter, Groq,
 * vLLM, Ollama…) speak it. Written once here; every other module imports these types from this file.
 * Provider extensions that ccr reads are marked with the provider that sends them.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */

// ---- request ----

export interface OpenAITextPart {
  type: 'text';
  text: string;
}

export interface OpenAIImagePart {
  type: 'image_url';
  /** A public URL or a `data:<media type>;base64,<data>` URL. */
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/**
 * A PDF or other file inline. OpenAI and OpenRouter read it; many compatible providers do not.
 * @see https://platform.openai.com/docs/guides/pdf-files
 */
export interface OpenAIFilePart {
  type: 'file';
  file: { filename?: string; file_data?: string; file_id?: string };
}

export type OpenAIContentPart = OpenAITextPart | OpenAIImagePart | OpenAIFilePart;

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  /** `arguments` is a JSON document serialized as a string. */
  function: { name: string; arguments: string };
}

export interface OpenAISystemMessage {
  role: 'system';
  content: string;
}

export interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIContentPart[];
}

export interface OpenAIAssistantMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: OpenAIToolCall[];
  /**
   * DeepSeek: the reasoning of that turn. DeepSeek's thinking mode needs it sent back on turns with
   * tool calls; presets decide whether to keep it for other providers.
   * @see https://api-docs.deepseek.com/guides/thinking_mode
   */
  reasoning_content?: string;
}

export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  /** Text parts only: the API refuses images in tool messages. */
  content: string | OpenAITextPart[];
}

export type OpenAIMessage = OpenAISystemMessage | OpenAIUserMessage | OpenAIAssistantMessage | OpenAIToolMessage;

export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type OpenAIToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

export type OpenAIReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  max_tokens?: number;
  /** OpenAI's reasoning models refuse `max_tokens` and take this instead; presets rename. */
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: OpenAIReasoningEffort;
  user?: string;
  /** Provider extensions added by presets (`thinking`, `reasoning`, `top_k`…). */
  [key: string]: unknown;
}

// ---- response ----

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /**
   * DeepSeek reports cache hits here rather than in `prompt_tokens_details`.
   * @see https://api-docs.deepseek.com/guides/kv_cache
   */
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
}

export interface OpenAIResponseMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: OpenAIToolCall[] | null;
  refusal?: string | null;
  /** DeepSeek's reasoning. */
  reasoning_content?: string | null;
  /** OpenRouter's (and Ollama's, vLLM's) reasoning. @see https://openrouter.ai/docs/use-cases/reasoning-tokens */
  reasoning?: string | null;
}

export interface OpenAIChoice {
  index: number;
  message: OpenAIResponseMessage;
  /** A string outside the union when a provider invents one (OpenRouter: `error`). */
  finish_reason: OpenAIFinishReason | (string & {}) | null;
  /** vLLM: the stop sequence that ended generation (a string), or the stop token id (a number). */
  stop_reason?: string | number | null;
}

export interface OpenAIChatResponse {
  id: string;
  object?: 'chat.completion';
  created?: number;
  model?: string;
  choices: OpenAIChoice[];
  usage?: OpenAIUsage | null;
}

// ---- streaming ----

export interface OpenAIToolCallDelta {
  /** Some providers omit it when each chunk carries whole calls (and a whole response's calls have none). */
  index?: number;
  /** Usually in the call's first delta only; some providers send it late, or in every delta. */
  id?: string | null;
  type?: 'function' | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface OpenAIChunkDelta {
  role?: 'assistant' | null;
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
  refusal?: string | null;
}

export interface OpenAIChunkChoice {
  index: number;
  delta: OpenAIChunkDelta;
  finish_reason: OpenAIFinishReason | (string & {}) | null;
  stop_reason?: string | number | null;
}

export interface OpenAIChatChunk {
  id?: string;
  object?: 'chat.completion.chunk';
  created?: number;
  model?: string;
  /** Empty on the usage chunk that `stream_options.include_usage` adds after the last choice. */
  choices: OpenAIChunkChoice[];
  usage?: OpenAIUsage | null;
}

// ---- errors ----

/**
 * OpenAI: `{error: {message, type, param, code}}`; OpenRouter: `{error: {code: <HTTP status>, message, metadata}}`,
 * also inside a stream when a model fails mid-generation.
 * @see https://platform.openai.com/docs/guides/error-codes
 * @see https://openrouter.ai/docs/api-reference/errors
 */
export interface OpenAIErrorBody {
  error: {
    message?: string;
    type?: string | null;
    code?: string | number | null;
    param?: string | null;
    metadata?: Record<string, unknown>;
  };
}
