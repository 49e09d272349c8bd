/**
 * `customparams`: merges extra fields into the upstream body, for provider parameters ccr has no
 * name for. Objects merge deeply; a `null` value removes the field.
 * `["customparams", { "repetition_penalty": 1.05, "chat_template_kwargs": { "enable_thinking": false } }]`
 */
import { isRecord } from './options';
import type { TransformerDefinition } from './types';

function mergeBodyFields(body: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) delete merged[key];
    else if (isRecord(value) && isRecord(merged[key])) merged[key] = mergeBodyFields(merged[key] as Record<string, unknown>, value);
    else merged[key] = value;
  }
  return merged;
}

export const customparams: TransformerDefinition = {
  name: 'customparams',
  description: 'Merges every option into the upstream body (objects deeply; null removes a field).',
  options: { '<any field>': 'any JSON value, merged into the body' },
  create(options) {
    if (Object.keys(options).length === 0) return {};
    return { upstreamBody: (body) => mergeBodyFields(body, options) };
  },
};
