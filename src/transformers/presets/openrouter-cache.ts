/**
 * OpenRouter's `cache_control` breakpoints: honoured for Anthropic and Gemini models, which need
 * them on content parts; other models cache on their own and may refuse the field. The OpenAI
 * dialect does not carry `cache_control`, so the breakpoints are put back on the parts whose text
 * carried one in the Anthropic request.
 * @see https://openrouter.ai/docs/features/prompt-caching
 */
import type { MessagesRequest, TextBlock } from '../../dialects/anthropic/types';
import type { OpenAIMessage } from '../../dialects/openai/types';
import { isRecord } from '../options';

const CACHING_MODEL = /^(?:anthropic\/|google\/gemini)/i;

export function acceptsCacheControl(model: string): boolean {
  return CACHING_MODEL.test(model);
}

type Part = Record<string, unknown>;

/** Texts of the request's blocks that carry a breakpoint, with the marker itself. */
function markedTexts(request: Readonly<MessagesRequest>): Map<string, unknown> {
  const marked = new Map<string, unknown>();
  const visit = (block: unknown) => {
    if (isRecord(block) && block.type === 'text' && block.cache_control && typeof block.text === 'string') marked.set(block.text, block.cache_control);
  };
  if (Array.isArray(request.system)) request.system.forEach(visit);
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      visit(block);
      if (block.type === 'tool_result' && Array.isArray(block.content)) block.content.forEach(visit);
    }
  }
  return marked;
}

function markParts(content: unknown, marked: Map<string, unknown>): unknown {
  if (typeof content === 'string') {
    const marker = marked.get(content);
    return marker ? [{ type: 'text', text: content, cache_control: marker }] : content;
  }
  if (!Array.isArray(content)) return content;
  return content.map((part: Part) =>
    part.type === 'text' && typeof part.text === 'string' && marked.has(part.text) ? { ...part, cache_control: marked.get(part.text) } : part,
  );
}

/** The system prompt is sent as one string: it gets the breakpoint if any system block had one. */
function systemMarker(request: Readonly<MessagesRequest>): unknown {
  return Array.isArray(request.system) ? [...request.system].reverse().find((block: TextBlock) => block.cache_control)?.cache_control : undefined;
}

export function restoreCacheControl(messages: readonly OpenAIMessage[], request: Readonly<MessagesRequest>): unknown[] {
  const marked = markedTexts(request);
  const systemBreakpoint = systemMarker(request);
  if (marked.size === 0 && !systemBreakpoint) return messages as unknown[];
  return messages.map((message) => {
    if (message.role === 'system' && systemBreakpoint && typeof message.content === 'string') {
      return { ...message, content: [{ type: 'text', text: message.content, cache_control: systemBreakpoint }] };
    }
    if (message.role === 'user' || message.role === 'tool' || message.role === 'system') return { ...message, content: markParts(message.content, marked) };
    return message;
  });
}

function stripPart(part: unknown): unknown {
  if (!isRecord(part) || !('cache_control' in part)) return part;
  const { cache_control: _dropped, ...rest } = part;
  return rest;
}

/** Removes any breakpoint a dialect may have carried, for models that do not take them. */
export function stripCacheControl(messages: readonly unknown[]): unknown[] {
  return messages.map((message) => {
    if (!isRecord(message) || !Array.isArray(message.content)) return stripPart(message);
    return { ...(stripPart(message) as Part), content: message.content.map(stripPart) };
  });
}
