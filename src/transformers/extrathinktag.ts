/**
 * `extrathinktag`: models served without a reasoning parser (vLLM, Ollama, some OpenRouter hosts)
 * write their reasoning into the answer as `<think>…</think>`. This moves it into a thinking block,
 * in whole responses and in streams, whatever the chunk boundaries.
 */
import type { ResponseContentBlock, StreamEvent } from '../dialects/anthropic/types';
import { createBlockWriter, THINKING_SIGNATURE_PLACEHOLDER } from '../dialects/block-writer';
import { stringOption } from './options';
import { createThinkTagScanner, type TaggedSegment, type ThinkTagScanner } from './think-tags';
import type { StreamHooks, TransformerContext, TransformerDefinition } from './types';

export function splitThinkTags(blocks: readonly ResponseContentBlock[], tagName?: string): ResponseContentBlock[] {
  const out: ResponseContentBlock[] = [];
  for (const block of blocks) {
    if (block.type !== 'text' || !block.text.includes(`<${tagName ?? 'think'}>`)) {
      out.push(block);
      continue;
    }
    const scanner = createThinkTagScanner(tagName);
    for (const segment of [...scanner.push(block.text), ...scanner.flush()]) {
      out.push(segment.kind === 'thinking' ? { type: 'thinking', thinking: segment.text, signature: THINKING_SIGNATURE_PLACEHOLDER } : { type: 'text', text: segment.text });
    }
  }
  return out;
}

function thinkTagStream(tagName: string | undefined, ctx: TransformerContext): StreamHooks {
  const writer = createBlockWriter();
  let scanner: ThinkTagScanner | undefined;

  const write = (segments: TaggedSegment[]): StreamEvent[] => {
    const events: StreamEvent[] = [];
    for (const segment of segments) {
      if (segment.kind === 'thinking') {
        if (writer.openType !== 'thinking') events.push(...writer.open({ type: 'thinking', thinking: '', signature: '' }));
        events.push(...writer.delta({ type: 'thinking_delta', thinking: segment.text }));
      } else {
        if (writer.openType !== 'text') events.push(...writer.open({ type: 'text', text: '' }));
        events.push(...writer.delta({ type: 'text_delta', text: segment.text }));
      }
    }
    return events;
  };

  return {
    event(event) {
      switch (event.type) {
        case 'content_block_start':
          if (event.content_block.type === 'text') {
            scanner = createThinkTagScanner(tagName);
            return writer.close();
          }
          return writer.open(event.content_block);
        case 'content_block_delta':
          if (scanner && event.delta.type === 'text_delta') return write(scanner.push(event.delta.text));
          if (scanner && event.delta.type === 'citations_delta' && writer.openType === 'text') return writer.delta(event.delta);
          if (scanner) {
            ctx.warnings.push(`extrathinktag: dropped a ${event.delta.type} outside the answer text`);
            return [];
          }
          return writer.delta(event.delta);
        case 'content_block_stop': {
          const events = scanner ? write(scanner.flush()) : [];
          scanner = undefined;
          return [...events, ...writer.close()];
        }
        default:
          return [event];
      }
    },
  };
}

export const extrathinktag: TransformerDefinition = {
  name: 'extrathinktag',
  description: 'Moves <think>…</think> out of the answer text into a thinking block (stream and non-stream).',
  options: { tag: 'string, default "think": the tag name' },
  create(options) {
    const tagName = stringOption(options, 'extrathinktag', 'tag');
    return {
      response: (response) => ({ ...response, content: splitThinkTags(response.content, tagName) }),
      stream: (ctx) => thinkTagStream(tagName, ctx),
    };
  },
};
