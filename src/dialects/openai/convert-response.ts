/**
 * An OpenAI Chat Completions response (non-streaming) → an Anthropic message.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://docs.anthropic.com/en/api/messages#response
 */
import type { MessageResponse, ResponseContentBlock } from '../anthropic/types';
import type { ConversionContext } from '../types';
import { resolveStopInfo } from './map-finish-reason';
import { mapOpenAIUsage } from './map-usage';
import type { OpenAIChatResponse } from './types';

/**
 * Anthropic thinking blocks carry a signature that Anthropic checks when they come back; no other
 * provider makes one, and clients (the SDK, Claude Code) expect the field to be a non-empty string.
 * Dialects send thinking back as plain text, so the value is never verified.
 */
export const THINKING_SIGNATURE_PLACEHOLDER = 'ccr-openai-reasoning';

/** `arguments` as a JSON object; anything else becomes `{}` with a warning (repair is a transformer's job). */
export function parseToolArguments(args: string | null | undefined, toolName: string, ctx: ConversionContext): Record<string, unknown> {
  if (args === undefined || args === null || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    ctx.warnings.push(`tool call ${toolName}: arguments are not a JSON object, sent as {}: ${args}`);
  } catch {
    ctx.warnings.push(`tool call ${toolName}: arguments are not valid JSON, sent as {}: ${args}`);
  }
  return {};
}

export function convertOpenAIToAnthropic(response: OpenAIChatResponse, ctx: ConversionContext): MessageResponse {
  const choice = response.choices?.[0];
  if (choice === undefined) ctx.warnings.push('upstream response has no choices: empty message');
  const message = choice?.message;
  const content: ResponseContentBlock[] = [];

  // DeepSeek says `reasoning_content`, OpenRouter (and Ollama, vLLM) `reasoning`.
  const reasoning = message?.reasoning_content || message?.reasoning;
  if (reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: THINKING_SIGNATURE_PLACEHOLDER });
  if (message?.content) content.push({ type: 'text', text: message.content });
  // OpenAI's refusals come in their own field, with `content` null.
  if (message?.refusal) content.push({ type: 'text', text: message.refusal });

  let hasToolUse = false;
  for (const call of message?.tool_calls ?? []) {
    const name = ctx.toolNames.fromUpstream(call.function?.name ?? '');
    content.push({
      type: 'tool_use',
      id: call.id || ctx.generateId('toolu'),
      name,
      input: parseToolArguments(call.function?.arguments, name, ctx),
    });
    hasToolUse = true;
  }

  const stop = resolveStopInfo(choice?.finish_reason, choice?.stop_reason, hasToolUse);
  return {
    id: ctx.generateId('msg'),
    type: 'message',
    role: 'assistant',
    model: ctx.requestedModel,
    content,
    stop_reason: message?.refusal && !hasToolUse ? 'refusal' : stop.stop_reason,
    stop_sequence: stop.stop_sequence,
    usage: response.usage ? mapOpenAIUsage(response.usage) : { input_tokens: 0, output_tokens: 0 },
  };
}
