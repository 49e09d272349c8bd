/**
 * The one `cl100k_base` encoder. Claude's own tokenizer is not public; cl100k is a close enough
 * estimate for routing thresholds and `count_tokens`, and it is what claude-code-router used.
 *
 * Building the encoder parses a ~1.6 MB rank table (≈300 ms), so it is built on first use and kept:
 * this memo is the module's only state, it is written once and never changes afterwards.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';

let encoder: Tiktoken | undefined;

function getEncoder(): Tiktoken {
  encoder ??= new Tiktoken(cl100kBase);
  return encoder;
}

/** No special tokens allowed or refused: text that spells `<|endoftext|>` is counted as text, not thrown on. */
const NO_SPECIAL_TOKENS: string[] = [];

export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  return getEncoder().encode(text, NO_SPECIAL_TOKENS, NO_SPECIAL_TOKENS).length;
}
