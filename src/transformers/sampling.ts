/**
 * `sampling`: overrides temperature / top_p / top_k with fixed values (some models are only good
 * at the temperature their authors recommend). Edits the Anthropic request, so each dialect maps
 * the values its own way. `["sampling", { "temperature": 0.6, "top_p": 0.95 }]`
 */
import { numberOption } from './options';
import type { TransformerDefinition } from './types';

const KEYS = ['temperature', 'top_p', 'top_k'] as const;

export const sampling: TransformerDefinition = {
  name: 'sampling',
  description: 'Overrides temperature, top_p and top_k.',
  options: {
    temperature: 'number, optional',
    top_p: 'number, optional',
    top_k: 'number, optional',
  },
  create(options) {
    const overrides: Partial<Record<(typeof KEYS)[number], number>> = {};
    for (const key of KEYS) {
      const value = numberOption(options, 'sampling', key);
      if (value !== undefined) overrides[key] = value;
    }
    if (Object.keys(overrides).length === 0) return {};
    return { request: (request) => ({ ...request, ...overrides }) };
  },
};
