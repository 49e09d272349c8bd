import { describe, expect, test } from 'bun:test';
import { ThinkingSplitter, type ThinkingPiece } from './split-thinking';

/** Feeds `chunks`, then the end; merges adjacent pieces of one kind. */
function split(chunks: readonly string[]): ThinkingPiece[] {
  const splitter = new ThinkingSplitter();
  const pieces = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.boundary()];
  const merged: ThinkingPiece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last?.kind === piece.kind) last.text += piece.text;
    else merged.push({ ...piece });
  }
  return merged;
}

/** The same text cut at every position must split the same way. */
function atEverySplit(text: string): ThinkingPiece[] {
  const whole = split([text]);
  for (let cut = 1; cut < text.length; cut++) expect(split([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  return whole;
}

describe('ThinkingSplitter', () => {
  test('thinking then text, tags split anywhere, the newline after <thinking> and the blank line after </thinking> dropped', () => {
    expect(atEverySplit('<thinking>\nStep one.\nStep two.</thinking>\n\nThe answer.')).toEqual([
      { kind: 'thinking', text: 'Step one.\nStep two.' },
      { kind: 'text', text: 'The answer.' },
    ]);
  });

  test('leading whitespace before <thinking> is not text', () => {
    expect(atEverySplit('\n  <thinking>t</thinking>\nx')).toEqual([
      { kind: 'thinking', text: 't' },
      { kind: 'text', text: 'x' },
    ]);
  });

  test('a quoted </thinking> inside the thinking does not end it', () => {
    expect(atEverySplit('<thinking>the "</thinking>" tag and `</thinking>`.</thinking>\n\nok')).toEqual([
      { kind: 'thinking', text: 'the "</thinking>" tag and `</thinking>`.' },
      { kind: 'text', text: 'ok' },
    ]);
  });

  test('</thinking> followed by more words in the same line is part of the thinking', () => {
    expect(split(['<thinking>mention </thinking> here</thinking>\n\nok'])).toEqual([
      { kind: 'thinking', text: 'mention </thinking> here' },
      { kind: 'text', text: 'ok' },
    ]);
  });

  test('no thinking: everything is text, a lone "<" resolved at the end', () => {
    expect(atEverySplit('Just text <thinking> later.')).toEqual([{ kind: 'text', text: 'Just text <thinking> later.' }]);
    expect(split(['<'])).toEqual([{ kind: 'text', text: '<' }]);
    expect(split(['  '])).toEqual([]);
  });

  test('a closing tag at the very end (a boundary) closes the thinking', () => {
    expect(split(['<thinking>plan</thinking>'])).toEqual([{ kind: 'thinking', text: 'plan' }]);
  });
});
