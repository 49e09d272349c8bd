/**
 * Estimates a request's input tokens: what the router compares with `longContextThreshold` and what
 * `/v1/messages/count_tokens` answers when the upstream cannot count.
 */
import type { MessageParam, RequestContentBlock, TextBlock, Tool } from '../dialects/anthropic/types';
import { countJsonTokens } from './count-json';
import { countTextTokens } from './encoder';

/**
 * A fixed cost per image, whatever its size: decoding it to measure would cost more than the
 * estimate is worth. Anthropic bills width×height/750 tokens and scales images down to about
 * 1.15 megapixels, so ~1,600 is the ceiling; using it keeps long-context routing on the safe side.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/vision#calculate-image-costs
 */
export const IMAGE_TOKEN_ESTIMATE = 1600;

/** A PDF or file document that is not plain text: the same fixed guess as an image (one page or so). */
export const DOCUMENT_TOKEN_ESTIMATE = 1600;

/**
 * Redacted thinking is encrypted; its length in base64 characters is all that is known.
 * Four characters a token is the usual rule of thumb for text-like data.
 */
const CHARS_PER_TOKEN = 4;

export interface TokenCountInput {
  system?: string | TextBlock[];
  messages: readonly MessageParam[];
  tools?: readonly Tool[];
}

export function countRequestTokens(request: TokenCountInput): number {
  let total = countSystemTokens(request.system);
  for (const message of request.messages) total += countContentTokens(message.content);
  for (const tool of request.tools ?? []) total += countToolTokens(tool);
  return total;
}

function countSystemTokens(system: string | TextBlock[] | undefined): number {
  if (system === undefined) return 0;
  if (typeof system === 'string') return countTextTokens(system);
  let total = 0;
  for (const block of system) total += countTextTokens(block.text);
  return total;
}

export function countContentTokens(content: string | readonly RequestContentBlock[]): number {
  if (typeof content === 'string') return countTextTokens(content);
  let total = 0;
  for (const block of content) total += countBlockTokens(block);
  return total;
}

function countBlockTokens(block: RequestContentBlock): number {
  switch (block.type) {
    case 'text':
      return countTextTokens(block.text);
    case 'image':
      return IMAGE_TOKEN_ESTIMATE;
    case 'document':
      return countDocumentTokens(block.source) + countTextTokens(block.title ?? '') + countTextTokens(block.context ?? '');
    case 'tool_use':
      return countTextTokens(block.name) + countJsonTokens(block.input);
    case 'tool_result':
      return block.content === undefined ? 0 : countContentTokens(block.content);
    case 'thinking':
      return countTextTokens(block.thinking);
    case 'redacted_thinking':
      return Math.ceil(block.data.length / CHARS_PER_TOKEN);
    case 'server_tool_use':
    case 'web_search_tool_result':
      return countJsonTokens(block);
    default: {
      const _exhaustive: never = block;
      // A block type newer than this file: measure what it carries rather than count nothing.
      return countJsonTokens(_exhaustive);
    }
  }
}

/** Plain-text documents (`source.type: "text"`) are counted exactly; PDFs and files are guessed. */
function countDocumentTokens(source: Record<string, unknown>): number {
  if (source.type === 'text' && typeof source.data === 'string') return countTextTokens(source.data);
  if (source.type === 'content' && Array.isArray(source.content)) return countJsonTokens(source.content);
  return DOCUMENT_TOKEN_ESTIMATE;
}

function countToolTokens(tool: Tool): number {
  if ('input_schema' in tool && tool.input_schema !== undefined) {
    const description = typeof tool.description === 'string' ? tool.description : '';
    return countTextTokens(tool.name) + countTextTokens(description) + countJsonTokens(tool.input_schema);
  }
  // Server tools (web search, code execution…) are a type, a name and a few settings.
  return countJsonTokens(tool);
}
