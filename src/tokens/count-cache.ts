/**
 * Counts already made, by text. Claude Code resends the same system prompt, tool schemas and
 * history on every turn, and js-tiktoken's encode() is slow (it compiles its regexes on every
 * call), so a turn should only pay for what is new. Two generations bound the memory: when the
 * young one would pass `limitChars` characters it becomes the old one and the oldest is dropped;
 * a text found in the old generation moves back to the young one.
 */
export class CountCache {
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  private youngChars = 0;

  constructor(private readonly limitChars: number) {}

  get(text: string, count: (text: string) => number): number {
    const known = this.young.get(text);
    if (known !== undefined) return known;
    const counted = this.old.get(text) ?? count(text);
    // A text this large would flush most of the generation for a single entry.
    if (text.length > this.limitChars / 4) return counted;
    if (this.youngChars + text.length > this.limitChars) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    this.young.set(text, counted);
    this.youngChars += text.length;
    return counted;
  }
}
