/**
 * Anthropic user-side content (images, documents, tool results) → OpenAI content parts.
 * What cannot be carried becomes a warning on the context, never a silent drop.
 * @see https://platform.openai.com/docs/guides/images-vision
 * @see https://docs.anthropic.com/en/api/messages#body-messages-content
 */
import type { DocumentBlock, ImageBlock, ToolResultBlock } from '../anthropic/types';
import type { ConversionContext } from '../types';
import type { OpenAIContentPart, OpenAIToolMessage } from './types';

/**
 * OpenAI's tool messages have no error flag: the prefix is how the model learns that the call failed
 * (Anthropic's `is_error`).
 */
export const TOOL_ERROR_PREFIX = 'Error: ';

export function pushImagePart(block: ImageBlock, parts: OpenAIContentPart[], ctx: ConversionContext): void {
  const source = block.source;
  switch (source.type) {
    case 'base64':
      parts.push({ type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } });
      return;
    case 'url':
      parts.push({ type: 'image_url', image_url: { url: source.url } });
      return;
    case 'file':
      ctx.warnings.push(`image with file_id ${source.file_id} dropped: Anthropic Files API ids mean nothing upstream`);
      return;
    default: {
      const unknownSource: never = source;
      ctx.warnings.push(`image with unknown source type ${(unknownSource as { type: string }).type} dropped`);
    }
  }
}

/**
 * Documents, best effort: plain text and content sources become text, base64 files (PDFs) a `file`
 * part, URLs a text reference to the URL (OpenAI only reads inline file data).
 */
export function pushDocumentParts(block: DocumentBlock, parts: OpenAIContentPart[], ctx: ConversionContext): void {
  const source = block.source;
  const heading = [block.title, block.context].filter((part): part is string => typeof part === 'string' && part.length > 0);
  const withHeading = (text: string) => (heading.length > 0 ? `${heading.join('\n')}\n\n${text}` : text);
  switch (source.type) {
    case 'text':
      if (typeof source.data === 'string') return void parts.push({ type: 'text', text: withHeading(source.data) });
      break;
    case 'content':
      if (typeof source.content === 'string') return void parts.push({ type: 'text', text: withHeading(source.content) });
      if (Array.isArray(source.content)) {
        if (heading.length > 0) parts.push({ type: 'text', text: heading.join('\n') });
        for (const inner of source.content as Array<{ type: string; text?: string }>) {
          if (inner.type === 'text') parts.push({ type: 'text', text: inner.text ?? '' });
          else if (inner.type === 'image') pushImagePart(inner as unknown as ImageBlock, parts, ctx);
          else ctx.warnings.push(`document content block of type ${inner.type} dropped`);
        }
        return;
      }
      break;
    case 'base64':
      if (typeof source.data === 'string' && typeof source.media_type === 'string') {
        parts.push({
          type: 'file',
          file: { filename: block.title ?? 'document', file_data: `data:${source.media_type};base64,${source.data}` },
        });
        return;
      }
      break;
    case 'url':
      if (typeof source.url === 'string') {
        ctx.warnings.push('document sent by URL: the upstream receives a link to it, not its content');
        parts.push({ type: 'text', text: withHeading(`Document: ${source.url}`) });
        return;
      }
      break;
  }
  ctx.warnings.push(`document with source type ${String(source.type)} dropped: no OpenAI equivalent`);
}

/**
 * One `tool_result` → one `role: "tool"` message. Tool messages carry text only, so images in the
 * result go to `trailingParts`, the user message that follows the tool messages.
 */
export function convertToolResult(
  block: ToolResultBlock,
  trailingParts: OpenAIContentPart[],
  ctx: ConversionContext,
): OpenAIToolMessage {
  let text = '';
  if (typeof block.content === 'string') {
    text = block.content;
  } else if (block.content) {
    const texts: string[] = [];
    let announcedMedia = false;
    for (const inner of block.content) {
      if (inner.type === 'text') {
        texts.push(inner.text);
        continue;
      }
      if (!announcedMedia) {
        trailingParts.push({ type: 'text', text: `Attachments of tool result ${block.tool_use_id}:` });
        announcedMedia = true;
      }
      if (inner.type === 'image') pushImagePart(inner, trailingParts, ctx);
      else pushDocumentParts(inner, trailingParts, ctx);
    }
    text = texts.join('\n');
  }
  return { role: 'tool', tool_call_id: block.tool_use_id, content: block.is_error ? TOOL_ERROR_PREFIX + text : text };
}
