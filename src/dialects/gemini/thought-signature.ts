/**
 * Gemini's thought signatures ride through Claude Code inside Anthropic `thinking` blocks, the
 * only place Claude Code keeps an opaque token and sends it back unchanged.
 *
 * Gemini puts a `thoughtSignature` on any part: a thought, a text, or (most often, and required
 * back on Gemini 3) a `functionCall`. An Anthropic `tool_use` or `text` block has nowhere to keep
 * it, so a thinking block carries it, encoded as
 *
 *     ccr-gemini:{"own":"<this thought part's>","emptyText":"<an empty text part's>","next":"<the next part's>"}
 *
 * - a thought part becomes a thinking block whose `own` is its signature (absent when it had none);
 * - a text or functionCall part with a signature is preceded by a thinking block whose `next` is
 *   that signature: the open thought block when the part follows a thought directly, else an empty
 *   carrier block of its own (`thinking: ""`);
 * - an empty text part that only carries a signature (Gemini ends some streams with one) has no
 *   Anthropic block to show: its signature is `emptyText`, and the part is rebuilt from it.
 * On the way back, `own` returns to the thought part, `emptyText` becomes `{text: "", thoughtSignature}`
 * right after it, and `next` goes to the first non-thinking part that follows the block in the
 * same assistant turn; an empty carrier sends no thought part.
 * Signatures without the prefix came from another provider (Anthropic itself after a model
 * switch) and mean nothing to Gemini: their blocks are dropped with a warning.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */

import { geminiMajorVersion } from './model-family';

const PREFIX = 'ccr-gemini:';

export interface CarriedSignatures {
  /** The signature of the thought part the block came from. */
  own?: string;
  /** The signature of an empty text part (`{text: ""}`) that came right after the block. */
  emptyText?: string;
  /** The signature of the text or functionCall part that came right after the block (and its empty text part). */
  next?: string;
}

export function encodeThoughtSignature(carried: CarriedSignatures): string {
  const payload: CarriedSignatures = {};
  if (carried.own) payload.own = carried.own;
  if (carried.emptyText) payload.emptyText = carried.emptyText;
  if (carried.next) payload.next = carried.next;
  return PREFIX + JSON.stringify(payload);
}

/** Undefined when the signature is not one ccr wrote for Gemini. */
export function decodeThoughtSignature(signature: string): CarriedSignatures | undefined {
  if (!signature.startsWith(PREFIX)) return undefined;
  try {
    const parsed: unknown = JSON.parse(signature.slice(PREFIX.length));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { own, emptyText, next } = parsed as Record<string, unknown>;
    const out: CarriedSignatures = {};
    if (typeof own === 'string' && own) out.own = own;
    if (typeof emptyText === 'string' && emptyText) out.emptyText = emptyText;
    if (typeof next === 'string' && next) out.next = next;
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Google's documented stand-in for a functionCall whose history has no signature (a trace from
 * another model): without it Gemini 3 answers 400 "Function call is missing a thought_signature".
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
 */
export const SKIP_THOUGHT_SIGNATURE_VALIDATOR = 'skip_thought_signature_validator';

/** Gemini 3 and later validate signatures on function calls; 2.x and older do not. */
export function requiresThoughtSignatures(model: string): boolean {
  return (geminiMajorVersion(model) ?? 0) >= 3;
}
