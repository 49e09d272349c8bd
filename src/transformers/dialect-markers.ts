/**
 * `anthropic`, `gemini` and `codewhisperer` (alias `kiro`) name the upstream's wire format and change nothing else; ccr detects the
 * format from `api_base_url` when no transformer names it. (`openai` is a preset: presets/openai.ts.)
 */
import type { TransformerDefinition } from './types';

export const anthropic: TransformerDefinition = {
  name: 'anthropic',
  description: "The upstream speaks Anthropic's Messages API: requests pass through unchanged.",
  options: { UseBearer: 'true: send the key as "Authorization: Bearer" instead of x-api-key (some Anthropic-compatible endpoints want it)' },
  create: (options) => (options.UseBearer === true ? { dialect: 'anthropic', authScheme: 'bearer' } : { dialect: 'anthropic' }),
};

export const gemini: TransformerDefinition = {
  name: 'gemini',
  description: "The upstream speaks Gemini's generateContent API.",
  create: () => ({ dialect: 'gemini' }),
};

export const codewhisperer: TransformerDefinition = {
  name: 'codewhisperer',
  description: "The upstream speaks AWS CodeWhisperer's generateAssistantResponse (Amazon Q Developer, Kiro).",
  create: () => ({ dialect: 'codewhisperer' }),
};

export const kiro: TransformerDefinition = {
  name: 'kiro',
  description: 'Kiro: the codewhisperer dialect (IDE endpoint q.<region>.amazonaws.com, or kiro-cli runtime.<region>.kiro.dev).',
  create: () => ({ dialect: 'codewhisperer' }),
};
