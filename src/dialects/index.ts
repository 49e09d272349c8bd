/**
 * The dialects by id, and the guess made from a provider's `api_base_url` when no transformer
 * names one (claude-code-router configs rarely do).
 */
import { anthropicDialect } from './anthropic';
import { codewhispererDialect } from './codewhisperer';
import { geminiDialect } from './gemini';
import { openaiDialect } from './openai';
import type { SystemMessagePlacement } from './system-messages';
import type { Dialect, DialectId } from './types';

export function dialectFor(id: DialectId): Dialect {
  switch (id) {
    case 'anthropic':
      return anthropicDialect;
    case 'openai':
      return openaiDialect;
    case 'gemini':
      return geminiDialect;
    case 'codewhisperer':
      return codewhispererDialect;
    default: {
      const _exhaustive: never = id;
      throw new Error(`unknown dialect ${String(_exhaustive)}`);
    }
  }
}

/**
 * `…/v1/messages` is Anthropic's path (and that of every Anthropic-compatible endpoint);
 * `generativelanguage.googleapis.com` is Gemini's host (native paths); CodeWhisperer / Amazon Q /
 * Kiro hosts (`q.<region>.amazonaws.com`, `codewhisperer.<region>.amazonaws.com`,
 * `runtime.<region>.kiro.dev`) and the `/generateAssistantResponse` path speak CodeWhisperer;
 * anything else speaks Chat Completions, the lingua franca of the rest.
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
  if (isCodeWhispererUrl(url)) return 'codewhisperer';
  return 'openai';
}

/**
 * Where system messages inside `messages` go when no transformer says (system-messages.ts): kept in
 * place only where the upstream is documented to take them there (Anthropic's own API, OpenAI's);
 * folded into the adjacent user turn everywhere else, which every chat upstream accepts. Anthropic-
 * compatible endpoints of other vendors (DeepSeek's among them) refuse `role: "system"` in
 * `messages`, and so do the chat templates of many open models behind OpenAI-compatible servers.
 * @see https://platform.claude.com/docs/en/build-with-claude/mid-conversation-system-messages
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function defaultSystemMessagePlacement(dialect: DialectId, baseUrl: string): SystemMessagePlacement {
  const host = hostOf(baseUrl);
  switch (dialect) {
    case 'anthropic':
      return host === 'anthropic.com' || host.endsWith('.anthropic.com') ? 'keep' : 'user';
    case 'openai':
      return host === 'api.openai.com' ? 'keep' : 'user';
    case 'gemini':
      // Gemini has no system role inside `contents`.
      return 'user';
    case 'codewhisperer':
      // CodeWhisperer's turns are user and assistant only.
      return 'user';
    default: {
      const _exhaustive: never = dialect;
      throw new Error(`unknown dialect ${String(_exhaustive)}`);
    }
  }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).hostname.toLowerCase();
  } catch {
    return '';
  }
}

const CODEWHISPERER_HOST = /^(q|codewhisperer)\.[a-z0-9-]+\.amazonaws\.com$|^runtime\.[a-z0-9-]+\.kiro\.dev$/;

function isCodeWhispererUrl(url: URL): boolean {
  return CODEWHISPERER_HOST.test(url.hostname.toLowerCase()) || /\/generateAssistantResponse\/?$/.test(url.pathname);
}
