/**
 * Writes Anthropic content blocks with dense indexes for stream hooks that split, merge or drop
 * blocks (the upstream's indexes no longer fit once a `<think>` tag becomes its own block).
 * One writer per streamed response.
 */
import type { ContentBlockDelta, StartedContentBlock, StreamEvent } from '../dialects/anthropic/types';

export interface BlockWriter {
  /** The type of the block now open, if any. */
  readonly openType: StartedContentBlock['type'] | undefined;
  open(block: StartedContentBlock): StreamEvent[];
  delta(delta: ContentBlockDelta): StreamEvent[];
  close(): StreamEvent[];
}

export function createBlockWriter(): BlockWriter {
  let nextIndex = 0;
  let open: { index: number; type: StartedContentBlock['type'] } | undefined;
  const close = (): StreamEvent[] => {
    if (!open) return [];
    const index = open.index;
    open = undefined;
    return [{ type: 'content_block_stop', index }];
  };
  return {
    get openType() {
      return open?.type;
    },
    open(block) {
      const events = close();
      open = { index: nextIndex++, type: block.type };
      events.push({ type: 'content_block_start', index: open.index, content_block: block });
      return events;
    },
    delta(delta) {
      if (!open) throw new Error('BlockWriter: delta with no open block');
      return [{ type: 'content_block_delta', index: open.index, delta }];
    },
    close,
  };
}
