/**
 * Anthropic `messages` → Gemini `contents`: roles user/model, one part per block, tool results as
 * `functionResponse` parts named after the call they answer, thought signatures restored to the
 * parts they came on (thought-signature.ts).
 * @see https://ai.google.dev/api/caching#Content
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
import type { ConversionContext } from '../types';
import type { DocumentBlock, ImageBlock, MessageParam, RequestContentBlock, TextBlock, ToolResultBlock } from '../anthropic/types';
import { decodeThoughtSignature, requiresThoughtSignatures, SKIP_THOUGHT_SIGNATURE_VALIDATOR } from './thought-signature';
import type { GeminiContent, GeminiPart, GeminiRole } from './types';
import { speaksAsAssistant } from '../system-messages';

/** Extensions of image URLs whose type Gemini needs with `fileData`. */
const IMAGE_MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

export function convertMessagesToGeminiContents(messages: readonly MessageParam[], ctx: ConversionContext): GeminiContent[] {
  const toolNamesById = collectToolNames(messages);
  const contents: GeminiContent[] = [];
  for (const message of messages) {
    const role: GeminiRole = speaksAsAssistant(message, 'gemini', ctx.warnings) ? 'model' : 'user';
    const parts = typeof message.content === 'string' ? textParts(message.content) : convertBlocks(message.content, role, toolNamesById, ctx);
    if (parts.length === 0) continue;
    const previous = contents[contents.length - 1];
    // Claude Code can send two user turns in a row (a tool result, then a reminder); one turn is clearer for Gemini.
    if (previous && previous.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}

/** tool_use id → the client's tool name, so a tool_result can name the function it answers. */
function collectToolNames(messages: readonly MessageParam[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) if (block.type === 'tool_use') names.set(block.id, block.name);
  }
  return names;
}

function convertBlocks(
  blocks: readonly RequestContentBlock[],
  role: GeminiRole,
  toolNamesById: ReadonlyMap<string, string>,
  ctx: ConversionContext,
): GeminiPart[] {
  const parts: GeminiPart[] = [];
  /** A signature a thinking block carried for the next text or functionCall part. */
  let pendingSignature: string | undefined;
  const pushSigned = (part: GeminiPart) => {
    if (pendingSignature) {
      part.thoughtSignature = pendingSignature;
      pendingSignature = undefined;
    }
    parts.push(part);
  };

  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        if (block.text) pushSigned({ text: block.text });
        break;
      case 'image':
        parts.push(convertImage(block, ctx));
        break;
      case 'document':
        parts.push(convertDocument(block, ctx));
        break;
      case 'tool_use':
        pushSigned({ functionCall: { id: block.id, name: ctx.toolNames.toUpstream(block.name), args: block.input ?? {} } });
        break;
      case 'tool_result':
        parts.push(...convertToolResult(block, toolNamesById, ctx));
        break;
      case 'thinking': {
        const carried = role === 'model' ? decodeThoughtSignature(block.signature) : undefined;
        if (!carried) {
          ctx.warnings.push('gemini: a thinking block signed by another provider was not sent (Gemini cannot verify it)');
          break;
        }
        if (block.thinking || carried.own) {
          const thought: GeminiPart = { text: block.thinking, thought: true };
          if (carried.own) thought.thoughtSignature = carried.own;
          parts.push(thought);
        }
        if (carried.emptyText) parts.push({ text: '', thoughtSignature: carried.emptyText });
        if (carried.next) pendingSignature = carried.next;
        break;
      }
      case 'redacted_thinking':
        ctx.warnings.push('gemini: a redacted_thinking block was not sent (Gemini cannot read it)');
        break;
      case 'server_tool_use':
      case 'web_search_tool_result':
        ctx.warnings.push(`gemini: a ${block.type} block was not sent (no Gemini equivalent in history)`);
        break;
      default: {
        const _exhaustive: never = block;
        ctx.warnings.push(`gemini: unknown content block ${JSON.stringify((_exhaustive as { type?: unknown }).type)} was not sent`);
      }
    }
  }
  // The signature's part was the last one and had no Anthropic block (text the client trimmed away).
  if (pendingSignature) parts.push({ text: '', thoughtSignature: pendingSignature });

  if (role === 'model') signFirstFunctionCall(parts, ctx.model);
  return parts;
}

/**
 * Gemini 3 refuses a history whose function calls carry no signature; a turn produced by another
 * model (or by Gemini through another router) gets Google's documented stand-in on its first call.
 */
function signFirstFunctionCall(parts: GeminiPart[], model: string): void {
  if (!requiresThoughtSignatures(model)) return;
  const calls = parts.filter((part) => part.functionCall);
  if (calls.length === 0 || calls.some((part) => part.thoughtSignature)) return;
  calls[0].thoughtSignature = SKIP_THOUGHT_SIGNATURE_VALIDATOR;
}

function textParts(text: string): GeminiPart[] {
  return text ? [{ text }] : [];
}

function convertImage(block: ImageBlock, ctx: ConversionContext): GeminiPart {
  const source = block.source;
  switch (source.type) {
    case 'base64':
      return { inlineData: { mimeType: source.media_type, data: source.data } };
    case 'url': {
      const mimeType = imageMimeFromUrl(source.url);
      if (mimeType) return { fileData: { mimeType, fileUri: source.url } };
      ctx.warnings.push(`gemini: image URL ${source.url} has no recognisable type; sent as a text reference`);
      return { text: `[image: ${source.url}]` };
    }
    case 'file':
      ctx.warnings.push(`gemini: Anthropic file ${source.file_id} cannot be read by Gemini; sent as a text reference`);
      return { text: `[image file: ${source.file_id}]` };
    default: {
      const _exhaustive: never = source;
      ctx.warnings.push(`gemini: unknown image source ${JSON.stringify(_exhaustive)}`);
      return { text: '[image]' };
    }
  }
}

function convertDocument(block: DocumentBlock, ctx: ConversionContext): GeminiPart {
  const source = block.source;
  if (source.type === 'base64' && typeof source.media_type === 'string' && typeof source.data === 'string') {
    return { inlineData: { mimeType: source.media_type, data: source.data } };
  }
  if (source.type === 'text' && typeof source.data === 'string') return { text: source.data };
  if (source.type === 'url' && typeof source.url === 'string') return { fileData: { mimeType: 'application/pdf', fileUri: source.url } };
  ctx.warnings.push(`gemini: document source ${String(source.type)} cannot be sent; a text reference was sent instead`);
  return { text: `[document${block.title ? `: ${block.title}` : ''}]` };
}

/**
 * A tool_result becomes a `functionResponse` (`result`, or `error` when `is_error`, as Google
 * suggests), followed by any images it held as their own parts.
 * @see https://ai.google.dev/api/caching#FunctionResponse
 */
function convertToolResult(block: ToolResultBlock, toolNamesById: ReadonlyMap<string, string>, ctx: ConversionContext): GeminiPart[] {
  const clientName = toolNamesById.get(block.tool_use_id);
  if (!clientName) ctx.warnings.push(`gemini: tool_result ${block.tool_use_id} answers no tool_use in the history; named "unknown_tool"`);
  const name = clientName ? ctx.toolNames.toUpstream(clientName) : 'unknown_tool';
  const texts: string[] = [];
  const extra: GeminiPart[] = [];
  if (typeof block.content === 'string') texts.push(block.content);
  else for (const item of block.content ?? []) collectToolResultItem(item, texts, extra, ctx);
  const text = texts.join('\n');
  const response = block.is_error ? { error: text } : { result: text };
  return [{ functionResponse: { id: block.tool_use_id, name, response } }, ...extra];
}

function collectToolResultItem(item: TextBlock | ImageBlock | DocumentBlock, texts: string[], extra: GeminiPart[], ctx: ConversionContext): void {
  switch (item.type) {
    case 'text':
      texts.push(item.text);
      break;
    case 'image':
      extra.push(convertImage(item, ctx));
      break;
    case 'document':
      extra.push(convertDocument(item, ctx));
      break;
    default: {
      const _exhaustive: never = item;
      ctx.warnings.push(`gemini: unknown tool_result item ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function imageMimeFromUrl(url: string): string | undefined {
  const path = url.split(/[?#]/)[0];
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return IMAGE_MIME_BY_EXTENSION[extension];
}
