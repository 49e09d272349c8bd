/**
 * Writes Anthropic content blocks with dense indexes, one open at a time, so every stream converter
 * (and stream hooks that split, merge or drop blocks, like extrathinktag) keeps the grammar the same
 * way. Events go into the caller's `out` array, which is returned; one writer per streamed response.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
import type { ContentBlockDelta, StartedContentBlock, StreamEvent } from './anthropic/types';

/**
 * Anthropic thinking blocks carry a signature that Anthropic checks when they come back; no other
 * provider makes one, and clients (the SDK, Claude Code) expect a non-empty string there. Dialects
 * send thinking back as plain text, so the value is never verified.
 */
export const THINKING_SIGNATURE_PLACEHOLDER = 'ccr-openai-reasoning';

export interface BlockWriter {
  /** The type of the block now open, if any. */
  readonly openType: StartedContentBlock['type'] | undefined;
  /** Closes the open block (see close), then opens `block` at the next index. */
  open(block: StartedContentBlock, out?: StreamEvent[]): StreamEvent[];
  delta(delta: ContentBlockDelta, out?: StreamEvent[]): StreamEvent[];
  /**
   * Closes the open block, if any. A thinking block that has not carried a signature_delta gets
   * one first, with `signature`: every thinking block ends signed.
   */
  close(out?: StreamEvent[], signature?: string): StreamEvent[];
}

export function createBlockWriter(): BlockWriter {
  let nextIndex = 0;
  let open: { index: number; type: StartedContentBlock['type']; signed: boolean } | undefined;

  const close = (out: StreamEvent[] = [], signature: string = THINKING_SIGNATURE_PLACEHOLDER): StreamEvent[] => {
    if (!open) return out;
    const index = open.index;
    if (open.type === 'thinking' && !open.signed) out.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
    open = undefined;
    out.push({ type: 'content_block_stop', index });
    return out;
  };

  return {
    get openType() {
      return open?.type;
    },
    open(block, out = []) {
      close(out);
      open = { index: nextIndex++, type: block.type, signed: false };
      out.push({ type: 'content_block_start', index: open.index, content_block: block });
      return out;
    },
    delta(delta, out = []) {
      if (!open) throw new Error('BlockWriter: delta with no open block');
      if (delta.type === 'signature_delta') open.signed = true;
      out.push({ type: 'content_block_delta', index: open.index, delta });
      return out;
    },
    close,
  };
}
