/**
 * An Anthropic Messages request → a Gemini generateContent body.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
import { BASE_CARRIED_FIELDS, warnUncarriedFields } from '../request-fields';
import { placeSystemMessages } from '../system-messages';
import type { ConversionContext } from '../types';
import type { MessagesRequest } from '../anthropic/types';
import { convertMessagesToGeminiContents } from './convert-messages';
import { convertThinkingToGemini } from './convert-thinking';
import { convertToolChoiceToGemini, convertToolsToGemini } from './convert-tools';
import type { GeminiGenerationConfig, GeminiRequest } from './types';

/** Gemini accepts at most five stop sequences. */
const MAX_STOP_SEQUENCES = 5;

const CARRIED_FIELDS: ReadonlySet<string> = new Set([...BASE_CARRIED_FIELDS, 'top_k']);

export function convertAnthropicToGemini(request: MessagesRequest, ctx: ConversionContext): GeminiRequest {
  // `contents` has no system role: a system message joins a user turn unless told to join systemInstruction.
  const placed = placeSystemMessages(request, ctx.systemMessages === 'keep' ? 'user' : ctx.systemMessages, ctx.warnings);
  const body: GeminiRequest = { contents: convertMessagesToGeminiContents(placed.messages, ctx) };

  const system = typeof placed.system === 'string' ? [placed.system] : (placed.system ?? []).map((block) => block.text);
  const systemParts = system.filter((text) => text.length > 0).map((text) => ({ text }));
  if (systemParts.length > 0) body.systemInstruction = { parts: systemParts };

  const tools = convertToolsToGemini(request.tools, ctx);
  if (tools) body.tools = tools;
  const toolConfig = convertToolChoiceToGemini(request.tool_choice, tools, ctx);
  if (toolConfig) body.toolConfig = toolConfig;

  const generationConfig = convertGenerationConfig(request, ctx);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;

  warnUncarriedFields(request, CARRIED_FIELDS, 'Gemini', ctx);
  return body;
}

function convertGenerationConfig(request: MessagesRequest, ctx: ConversionContext): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (typeof request.max_tokens === 'number') config.maxOutputTokens = request.max_tokens;
  if (typeof request.temperature === 'number') config.temperature = request.temperature;
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  if (typeof request.top_k === 'number') config.topK = request.top_k;
  if (request.stop_sequences && request.stop_sequences.length > 0) {
    if (request.stop_sequences.length > MAX_STOP_SEQUENCES) {
      ctx.warnings.push(`gemini: only the first ${MAX_STOP_SEQUENCES} of ${request.stop_sequences.length} stop sequences were sent`);
    }
    config.stopSequences = request.stop_sequences.slice(0, MAX_STOP_SEQUENCES);
  }
  const thinkingConfig = convertThinkingToGemini(request.thinking, ctx.model, ctx.warnings);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  return config;
}
