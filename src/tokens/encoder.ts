/**
 * The one `cl100k_base` encoder. Claude's own tokenizer is not public; cl100k is a close enough
 * estimate for routing thresholds and `count_tokens`, and it is what claude-code-router used.
 *
 * Building the encoder parses a ~1.6 MB rank table (≈300 ms), so it is built on first use and kept:
 * this memo is the module's only state, it is written once and never changes afterwards.
 */
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';

let encoder: Tiktoken | undefined;

function getEncoder(): Tiktoken {
  // The rank table is required here, not imported at the top: a router whose routes never count
  // tokens should not hold its ~10 MB.
  encoder ??= new Tiktoken(require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE);
  return encoder;
}

/** No special tokens allowed or refused: text that spells `<|endoftext|>` is counted as text, not thrown on. */
const NO_SPECIAL_TOKENS: string[] = [];

/**
 * Counts already made, by text. Claude Code resends the same system prompt, tool schemas and
 * history on every turn, and js-tiktoken's encode() is slow (it compiles its regexes on every
 * call), so a turn should only pay for what is new. Two generations bound the memory: when the
 * young one holds CACHE_CHARS characters it becomes the old one and the oldest is dropped.
 */
const CACHE_CHARS = 4_000_000;
let young = new Map<string, number>();
let old = new Map<string, number>();
let youngChars = 0;

export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  const known = young.get(text);
  if (known !== undefined) return known;
  const count = old.get(text) ?? getEncoder().encode(text, NO_SPECIAL_TOKENS, NO_SPECIAL_TOKENS).length;
  if (text.length > CACHE_CHARS / 4) return count;
  if (youngChars + text.length > CACHE_CHARS) {
    old = young;
    young = new Map();
    youngChars = 0;
  }
  young.set(text, count);
  youngChars += text.length;
  return count;
}
