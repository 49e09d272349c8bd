/**
 * Kiro answers a thinking request with `<thinking>…</thinking>` at the start of its text (the tags
 * thinking-prefix.ts asked for). This state machine splits that text into thinking and text pieces
 * as it streams, the tags split anywhere across events:
 * - thinking is recognised only when the answer opens with `<thinking>` (after whitespace), so a
 *   model that writes about the tag later in its text is left alone;
 * - the closing tag counts when a line break follows it (up to two are dropped) or it ends the text
 *   before a tool call or the end of the answer, and it is not quoted (`"`, `'` or a backtick
 *   beside it): thinking that mentions `</thinking>` in a sentence does not end early;
 * - one newline after `<thinking>` is dropped.
 * Pure: one splitter per response.
 * @see https://github.com/justlovemaki/AIClient-2-API (src/providers/claude/claude-kiro.js: findRealThinkingEndTag)
 */
export type ThinkingPiece = { kind: 'thinking' | 'text'; text: string };

const OPEN_TAG = '<thinking>';
const CLOSE_TAG = '</thinking>';
const QUOTES = new Set(['"', "'", '`']);

export class ThinkingSplitter {
  private mode: 'start' | 'thinking' | 'text' = 'start';
  private buffer = '';
  private dropNewline = false;
  /** Newlines still to drop at the start of the text after `</thinking>`. */
  private newlinesAfterTag = 0;
  /** The last thinking character sent on, for the quote check of a tag at the buffer's start. */
  private lastThinkingChar = '';

  push(text: string): ThinkingPiece[] {
    const out: ThinkingPiece[] = [];
    this.buffer += text;
    this.drain(out, false);
    return out;
  }

  /** A tool call or the end of the answer: what was held back is decided now. */
  boundary(): ThinkingPiece[] {
    const out: ThinkingPiece[] = [];
    this.drain(out, true);
    return out;
  }

  private drain(out: ThinkingPiece[], atBoundary: boolean): void {
    for (;;) {
      switch (this.mode) {
        case 'start': {
          const opening = this.buffer.trimStart();
          if (opening.startsWith(OPEN_TAG)) {
            this.buffer = opening.slice(OPEN_TAG.length);
            this.mode = 'thinking';
            this.dropNewline = true;
            continue;
          }
          if (!atBoundary && OPEN_TAG.startsWith(opening)) return;
          this.mode = 'text';
          if (opening.length === 0) this.buffer = '';
          continue;
        }
        case 'thinking':
          if (this.drainThinking(out, atBoundary)) continue;
          return;
        case 'text':
          while (this.newlinesAfterTag > 0 && this.buffer.startsWith('\n')) {
            this.buffer = this.buffer.slice(1);
            this.newlinesAfterTag--;
          }
          if (this.buffer.length > 0) this.newlinesAfterTag = 0;
          emit(out, 'text', this.buffer);
          this.buffer = '';
          return;
        default: {
          const _exhaustive: never = this.mode;
          throw new Error(`unknown splitter mode ${String(_exhaustive)}`);
        }
      }
    }
  }

  /** Emits what is certainly thinking; true when the closing tag was found (mode is now text). */
  private drainThinking(out: ThinkingPiece[], atBoundary: boolean): boolean {
    if (this.dropNewline && this.buffer.length > 0) {
      if (this.buffer.startsWith('\r\n')) this.buffer = this.buffer.slice(2);
      else if (this.buffer.startsWith('\n')) this.buffer = this.buffer.slice(1);
      else if (this.buffer === '\r' && !atBoundary) return false;
      this.dropNewline = false;
    }
    for (let from = 0; ; ) {
      const at = this.buffer.indexOf(CLOSE_TAG, from);
      if (at === -1) break;
      const after = this.buffer.slice(at + CLOSE_TAG.length);
      const before = at > 0 ? this.buffer[at - 1] : this.lastThinkingChar;
      const quoted = QUOTES.has(before) || QUOTES.has(after[0] ?? '');
      if (!quoted && (after.startsWith('\n') || (atBoundary && after.trim().length === 0))) {
        this.emitThinking(out, this.buffer.slice(0, at));
        this.buffer = atBoundary ? after.trimStart() : after;
        this.newlinesAfterTag = 2;
        this.mode = 'text';
        return true;
      }
      // Nothing follows the tag yet to decide it: hold from the tag on.
      if (!quoted && !atBoundary && after === '') {
        this.emitThinking(out, this.buffer.slice(0, at));
        this.buffer = this.buffer.slice(at);
        return false;
      }
      from = at + 1;
    }
    if (atBoundary) {
      // Thinking cut off by a tool call or the end: what there is was thinking.
      this.emitThinking(out, this.buffer);
      this.buffer = '';
      this.mode = 'text';
      return false;
    }
    const keep = partialTagLength(this.buffer);
    this.emitThinking(out, this.buffer.slice(0, this.buffer.length - keep));
    this.buffer = this.buffer.slice(this.buffer.length - keep);
    return false;
  }

  private emitThinking(out: ThinkingPiece[], text: string): void {
    if (text.length === 0) return;
    this.lastThinkingChar = text[text.length - 1];
    emit(out, 'thinking', text);
  }
}

/** How many trailing characters could be the start of `</thinking>`. */
function partialTagLength(text: string): number {
  for (let length = Math.min(CLOSE_TAG.length - 1, text.length); length > 0; length--) {
    if (CLOSE_TAG.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

function emit(out: ThinkingPiece[], kind: ThinkingPiece['kind'], text: string): void {
  if (text.length === 0) return;
  const last = out[out.length - 1];
  if (last?.kind === kind) last.text += text;
  else out.push({ kind, text });
}
