/**
 * What kind of request this is, asked one question at a time. Each predicate is pure and reads the
 * request only; route.ts decides the order in which they are asked.
 */
import type { MessageParam, MessagesRequest, RequestContentBlock } from '../dialects/anthropic/types';

/** The threshold above which a request is long-context when `Router.longContextThreshold` is unset. */
export const DEFAULT_LONG_CONTEXT_THRESHOLD = 60_000;

/**
 * Claude Code sends its background work (titles, summaries, quota checks) to the haiku-class model
 * it knows; matching any `claude…haiku` name keeps working as new versions ship.
 */
const HAIKU_MODEL = /claude.*haiku/i;

export function isBackgroundModel(model: string): boolean {
  return HAIKU_MODEL.test(model);
}

/**
 * Long context when this request, or the session's previous one as the upstream measured it, is
 * over the threshold: prompt caching makes the local count of a follow-up turn an underestimate.
 */
export function isLongContext(threshold: number, lastInputTokens: number | undefined, tokens: () => number): boolean {
  // The session's last real usage is free to check; the count is not, so it comes second.
  return (lastInputTokens !== undefined && lastInputTokens > threshold) || tokens() > threshold;
}

/** Anthropic's server tool is versioned (`web_search_20250305`, …); any version counts. */
export function hasWebSearchTool(request: Pick<MessagesRequest, 'tools'>): boolean {
  return (request.tools ?? []).some((tool) => typeof tool.type === 'string' && tool.type.startsWith('web_search'));
}

/**
 * Only an explicit thinking budget asks for a reasoning model. Claude Code sends
 * `{type: "adaptive"}` on every turn, so treating that as "think" would route everything there.
 */
export function isThinkingEnabled(request: Pick<MessagesRequest, 'thinking'>): boolean {
  return request.thinking?.type === 'enabled';
}

function lastUserMessage(messages: readonly MessageParam[]): MessageParam | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i];
  return undefined;
}

/**
 * The turn being answered carries an image: pasted by the user, or returned by a tool (a screenshot
 * read by the Read tool arrives inside a `tool_result`).
 */
export function lastUserMessageHasImage(messages: readonly MessageParam[]): boolean {
  const message = lastUserMessage(messages);
  return message !== undefined && contentHasImage(message.content);
}

export function anyMessageHasImage(messages: readonly MessageParam[]): boolean {
  return messages.some((message) => contentHasImage(message.content));
}

function contentHasImage(content: MessageParam['content']): boolean {
  if (typeof content === 'string') return false;
  return content.some(blockHasImage);
}

function blockHasImage(block: RequestContentBlock): boolean {
  if (block.type === 'image') return true;
  if (block.type === 'tool_result' && Array.isArray(block.content)) return block.content.some((inner) => inner.type === 'image');
  return false;
}
