/**
 * Anthropic `messages` → alternating turns in CodeWhisperer's terms: consecutive messages of one
 * role become one turn (the service refuses two user or two assistant turns in a row), text blocks
 * are joined, tool results become `toolResults` with their status, images base64 `images`, past
 * thinking `<thinking>…</thinking>` before the assistant's text (the form the model writes it in).
 * What has no place is reported in `ctx.warnings`.
 * @see https://github.com/justlovemaki/AIClient-2-API (src/providers/claude/claude-kiro.js, buildCodewhispererRequest)
 */
import type { DocumentBlock, ImageBlock, MessageParam, RequestContentBlock, TextBlock, ToolResultBlock } from '../anthropic/types';
import type { ConversionContext } from '../types';
import type { CodeWhispererImage, CodeWhispererToolResult, CodeWhispererToolUse } from './types';
import { speaksAsAssistant } from '../system-messages';

export interface Turn {
  role: 'user' | 'assistant';
  texts: string[];
  /** Assistant only. */
  thinking: string[];
  toolUses: CodeWhispererToolUse[];
  /** User only. */
  toolResults: CodeWhispererToolResult[];
  images: CodeWhispererImage[];
}

/** What the service is known to take (the image subtype is sent as `format`). */
const IMAGE_FORMATS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** kiro-gateway sends this for a tool result with no content; an empty text is refused. */
export const EMPTY_TOOL_RESULT = '(empty result)';

export const emptyTurn = (role: Turn['role']): Turn => ({ role, texts: [], thinking: [], toolUses: [], toolResults: [], images: [] });

export function collectTurns(messages: readonly MessageParam[], ctx: ConversionContext): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    const role: Turn['role'] = speaksAsAssistant(message, 'codewhisperer', ctx.warnings) ? 'assistant' : 'user';
    const previous = turns[turns.length - 1];
    const turn = previous?.role === role ? previous : emptyTurn(role);
    if (turn !== previous) turns.push(turn);
    if (typeof message.content === 'string') {
      if (message.content.length > 0) turn.texts.push(message.content);
      continue;
    }
    for (const block of message.content) addBlock(turn, block, ctx);
  }
  return turns.filter((turn) => !isEmptyTurn(turn));
}

function isEmptyTurn(turn: Turn): boolean {
  return turn.texts.length + turn.thinking.length + turn.toolUses.length + turn.toolResults.length + turn.images.length === 0;
}

function addBlock(turn: Turn, block: RequestContentBlock, ctx: ConversionContext): void {
  switch (block.type) {
    case 'text':
      if (block.text.length > 0) turn.texts.push(block.text);
      return;
    case 'image': {
      const image = convertImage(block, ctx);
      if (typeof image === 'string') turn.texts.push(image);
      else if (turn.role === 'user') turn.images.push(image);
      else {
        ctx.warnings.push('codewhisperer: an image in an assistant turn was sent as a text reference (images go with user turns)');
        turn.texts.push('[image]');
      }
      return;
    }
    case 'document':
      turn.texts.push(documentText(block, ctx));
      return;
    case 'tool_use':
      if (turn.role !== 'assistant') {
        ctx.warnings.push(`codewhisperer: tool_use ${block.id} in a user turn was sent as text`);
        turn.texts.push(`[tool call ${block.name}: ${JSON.stringify(block.input ?? {})}]`);
        return;
      }
      turn.toolUses.push({ toolUseId: block.id, name: ctx.toolNames.toUpstream(block.name), input: block.input ?? {} });
      return;
    case 'tool_result':
      if (turn.role !== 'user') {
        ctx.warnings.push(`codewhisperer: tool_result ${block.tool_use_id} in an assistant turn was sent as text`);
        turn.texts.push(toolResultText(block, turn, ctx));
        return;
      }
      turn.toolResults.push({ toolUseId: block.tool_use_id, content: [{ text: toolResultText(block, turn, ctx) }], status: block.is_error ? 'error' : 'success' });
      return;
    case 'thinking':
      if (turn.role === 'assistant' && block.thinking.length > 0) turn.thinking.push(block.thinking);
      return;
    case 'redacted_thinking':
      ctx.warnings.push('codewhisperer: a redacted_thinking block was not sent (Kiro cannot read it)');
      return;
    case 'server_tool_use':
    case 'web_search_tool_result':
      ctx.warnings.push(`codewhisperer: a ${block.type} block was not sent (no CodeWhisperer equivalent)`);
      return;
    default: {
      const _exhaustive: never = block;
      ctx.warnings.push(`codewhisperer: unknown content block ${JSON.stringify((_exhaustive as { type?: unknown }).type)} was not sent`);
    }
  }
}

/** Base64 images of a known type; anything else a text reference, with a warning. */
function convertImage(block: ImageBlock, ctx: ConversionContext): CodeWhispererImage | string {
  const source = block.source;
  switch (source.type) {
    case 'base64': {
      const format = IMAGE_FORMATS[source.media_type.toLowerCase()];
      if (format) return { format, source: { bytes: source.data } };
      ctx.warnings.push(`codewhisperer: image of type ${source.media_type} sent as a text reference (png, jpeg, gif and webp only)`);
      return `[image: ${source.media_type}]`;
    }
    case 'url':
      ctx.warnings.push(`codewhisperer: image URL ${source.url} sent as a text reference (the service takes image bytes only)`);
      return `[image: ${source.url}]`;
    case 'file':
      ctx.warnings.push(`codewhisperer: Anthropic file ${source.file_id} sent as a text reference`);
      return `[image file: ${source.file_id}]`;
    default: {
      const _exhaustive: never = source;
      ctx.warnings.push(`codewhisperer: unknown image source ${JSON.stringify(_exhaustive)}`);
      return '[image]';
    }
  }
}

function documentText(block: DocumentBlock, ctx: ConversionContext): string {
  const source = block.source;
  const title = block.title ? `${block.title}\n` : '';
  if (source.type === 'text' && typeof source.data === 'string') return `${title}${source.data}`;
  ctx.warnings.push(`codewhisperer: document source ${String(source.type)} sent as a text reference (only text documents can be carried)`);
  return `[document${block.title ? `: ${block.title}` : ''}]`;
}

/** The result's text; its images join the user turn's images, as the service carries them there. */
function toolResultText(block: ToolResultBlock, turn: Turn, ctx: ConversionContext): string {
  if (typeof block.content === 'string') return block.content.length > 0 ? block.content : EMPTY_TOOL_RESULT;
  const texts: string[] = [];
  for (const item of block.content ?? []) collectToolResultItem(item, texts, turn, ctx);
  return texts.length > 0 ? texts.join('\n') : EMPTY_TOOL_RESULT;
}

function collectToolResultItem(item: TextBlock | ImageBlock | DocumentBlock, texts: string[], turn: Turn, ctx: ConversionContext): void {
  switch (item.type) {
    case 'text':
      if (item.text.length > 0) texts.push(item.text);
      return;
    case 'image': {
      const image = convertImage(item, ctx);
      if (typeof image === 'string' || turn.role !== 'user') texts.push(typeof image === 'string' ? image : '[image]');
      else {
        turn.images.push(image);
        texts.push('[image attached to this message]');
      }
      return;
    }
    case 'document':
      texts.push(documentText(item, ctx));
      return;
    default: {
      const _exhaustive: never = item;
      ctx.warnings.push(`codewhisperer: unknown tool_result item ${JSON.stringify(_exhaustive)}`);
    }
  }
}
