/**
 * Finds `<think>…</think>` in text that arrives in pieces: a tag may be cut anywhere, so the end of
 * a piece that could be the start of a tag is held back until the next piece decides it.
 */
export type TaggedSegment = { kind: 'text' | 'thinking'; text: string };

export interface ThinkTagScanner {
  push(text: string): TaggedSegment[];
  /** No more text: what was held back is content after all. */
  flush(): TaggedSegment[];
}

/** Length of the longest end of `text` that is a proper start of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

export function createThinkTagScanner(tagName = 'think'): ThinkTagScanner {
  const openTag = `<${tagName}>`;
  const closeTag = `</${tagName}>`;
  let inside = false;
  let pending = '';
  // Models put a line break after each tag; it belongs to neither the thinking nor the answer.
  let trimLeading = false;

  const emit = (segments: TaggedSegment[], text: string) => {
    let content = text;
    if (trimLeading) {
      content = content.replace(/^\s+/, '');
      if (content === '') return;
      trimLeading = false;
    }
    if (content === '') return;
    const kind = inside ? 'thinking' : 'text';
    const last = segments[segments.length - 1];
    if (last?.kind === kind) last.text += content;
    else segments.push({ kind, text: content });
  };

  return {
    push(text) {
      const segments: TaggedSegment[] = [];
      let buffer = pending + text;
      pending = '';
      while (buffer !== '') {
        const tag = inside ? closeTag : openTag;
        const at = buffer.indexOf(tag);
        if (at >= 0) {
          emit(segments, buffer.slice(0, at));
          buffer = buffer.slice(at + tag.length);
          inside = !inside;
          trimLeading = true;
          continue;
        }
        const held = partialTagLength(buffer, tag);
        emit(segments, buffer.slice(0, buffer.length - held));
        pending = buffer.slice(buffer.length - held);
        break;
      }
      return segments;
    },
    flush() {
      const segments: TaggedSegment[] = [];
      emit(segments, pending);
      pending = '';
      return segments;
    },
  };
}
