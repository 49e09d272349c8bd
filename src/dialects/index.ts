/**
 * The dialects by id, and the guess made from a provider's `api_base_url` when no transformer
 * names one (claude-code-router configs rarely do).
 */
import { anthropicDialect } from './anthropic';
import { geminiDialect } from './gemini';
import { openaiDialect } from './openai';
import type { Dialect, DialectId } from './types';

export function dialectFor(id: DialectId): Dialect {
  switch (id) {
    case 'anthropic':
      return anthropicDialect;
    case 'openai':
      return openaiDialect;
    case 'gemini':
      return geminiDialect;
    default: {
      const _exhaustive: never = id;
      throw new Error(`unknown dialect ${String(_exhaustive)}`);
    }
  }
}

/**
 * `…/v1/messages` is Anthropic's path (and that of every Anthropic-compatible endpoint);
 * `generativelanguage.googleapis.com` is Gemini's host (native paths); anything else speaks Chat Completions,
 * the lingua franca of the rest.
 */
export function detectDialect(baseUrl: string): DialectId {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return 'openai';
  }
  if (/\/v1\/messages\/?$/.test(url.pathname)) return 'anthropic';
  // Google also serves Chat Completions there (`/v1beta/openai/…`): that path is OpenAI's dialect.
  if (url.hostname.includes('generativelanguage') && !url.pathname.includes('/openai/')) return 'gemini';
  return 'openai';
}
