/**
 * Request fields a conversion does not carry are reported in `ctx.warnings`, never dropped silently.
 */
import type { MessagesRequest } from './anthropic/types';
import type { ConversionContext } from './types';

/** What every dialect that rebuilds the body carries (or needs not carry: `stream`, `model`). */
export const BASE_CARRIED_FIELDS: readonly string[] = [
  'model',
  'messages',
  'max_tokens',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'tools',
  'tool_choice',
  'thinking',
];

export function warnUncarriedFields(request: MessagesRequest, carried: ReadonlySet<string>, provider: string, ctx: ConversionContext): void {
  // for…in rather than Object.keys: no array per request. A parsed body has no inherited keys.
  for (const field in request) {
    if (!carried.has(field)) ctx.warnings.push(`request field ${field} not sent: no ${provider} equivalent`);
  }
}
