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

/**
 * Per text of a message block that carries a breakpoint, its markers in request order. Matching is by
 * text, so a text repeated across turns ("continue", identical tool results) must still get only as
 * many breakpoints as the request had: Anthropic allows four, and refuses more.
 */
function markedTexts(request: Readonly<MessagesRequest>): Map<string, unknown[]> {
  const marked = new Map<string, unknown[]>();
  const visit = (block: unknown) => {
    if (!isRecord(block) || block.type !== 'text' || !block.cache_control || typeof block.text !== 'string') return;
    const markers = marked.get(block.text);
    if (markers) markers.push(block.cache_control);
    else marked.set(block.text, [block.cache_control]);
  };
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      visit(block);
      if (block.type === 'tool_result' && Array.isArray(block.content)) block.content.forEach(visit);
    }
  }
  return marked;
}

/** Walked from the end, so each marker lands on the last occurrence of its text and is used once. */
function markParts(content: unknown, marked: Map<string, unknown[]>): unknown {
  const take = (text: string) => marked.get(text)?.pop();
  if (typeof content === 'string') {
    const marker = take(content);
    return marker ? [{ type: 'text', text: content, cache_control: marker }] : content;
  }
  if (!Array.isArray(content)) return content;
  const parts = [...content] as Part[];
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part.type !== 'text' || typeof part.text !== 'string') continue;
    const marker = take(part.text);
    if (marker) parts[i] = { ...part, cache_control: marker };
  }
  return parts;
}

/** The system prompt is sent as one string: it gets the breakpoint if any system block had one. */
function systemMarker(request: Readonly<MessagesRequest>): unknown {
  return Array.isArray(request.system) ? [...request.system].reverse().find((block: TextBlock) => block.cache_control)?.cache_control : undefined;
}

export function restoreCacheControl(messages: readonly OpenAIMessage[], request: Readonly<MessagesRequest>): unknown[] {
  const marked = markedTexts(request);
  const systemBreakpoint = systemMarker(request);
  if (marked.size === 0 && !systemBreakpoint) return messages as unknown[];
  const restored: unknown[] = [...messages];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role === 'system' && systemBreakpoint && typeof message.content === 'string') {
      restored[i] = { ...message, content: [{ type: 'text', text: message.content, cache_control: systemBreakpoint }] };
    } else if (marked.size > 0 && (message.role === 'user' || message.role === 'tool')) {
      restored[i] = { ...message, content: markParts(message.content, marked) };
    }
  }
  return restored;
}
