/**
 * The one `cl100k_base` encoder. Claude's own tokenizer is not public; cl100k is a close enough
 * estimate for routing thresholds and `count_tokens`, and it is what claude-code-router used.
 *
 * Building the encoder parses a ~1.6 MB rank table (≈300 ms), so it is built on first use and kept:
 * this memo and the count cache are the module's only state.
 */
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import { CountCache } from './count-cache';

let encoder: Tiktoken | undefined;

function getEncoder(): Tiktoken {
  // The rank table is required here, not imported at the top: a router whose routes never count
  // tokens should not hold its ~10 MB.
  encoder ??= new Tiktoken(require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE);
  return encoder;
}

/** No special tokens allowed or refused: text that spells `<|endoftext|>` is counted as text, not thrown on. */
const NO_SPECIAL_TOKENS: string[] = [];

/** About 8 MB of text at most across both generations: a few long Claude Code sessions. */
const cache = new CountCache(4_000_000);

const encode = (text: string) => getEncoder().encode(text, NO_SPECIAL_TOKENS, NO_SPECIAL_TOKENS).length;

export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : cache.get(text, encode);
}
