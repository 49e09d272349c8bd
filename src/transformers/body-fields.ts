/** Small, copy-on-write edits of an upstream JSON body shared by the presets. */

/** The body without `fields`; `onDropped` hears each field that was present. */
export function omitFields<T extends object>(body: T, fields: readonly string[], onDropped?: (field: string) => void): T {
  if (!fields.some((field) => field in body)) return body;
  const copy = { ...body } as Record<string, unknown>;
  for (const field of fields) {
    if (!(field in copy)) continue;
    delete copy[field];
    onDropped?.(field);
  }
  return copy as T;
}

/** `max_tokens` renamed to `max_completion_tokens` (OpenAI's reasoning models, Cerebras). */
export function renameMaxTokens<T extends Record<string, unknown>>(body: T): T {
  if (body.max_tokens === undefined) return body;
  const { max_tokens, ...rest } = body;
  return { ...rest, max_completion_tokens: body.max_completion_tokens ?? max_tokens } as unknown as T;
}

/**
 * The body with `field` removed from each of its messages, except those `keep` says to leave: e.g.
 * the `reasoning_content` the openai dialect writes from thinking blocks, a DeepSeek extension that
 * providers with strict validation (OpenAI, Groq, Cerebras) do not document.
 */
export function omitMessageField<T extends Record<string, unknown>>(body: T, field: string, keep?: (message: Record<string, unknown>) => boolean): T {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  const drops = (message: unknown): message is Record<string, unknown> =>
    typeof message === 'object' && message !== null && field in message && !keep?.(message as Record<string, unknown>);
  if (!messages.some(drops)) return body;
  return { ...body, messages: messages.map((message) => (drops(message) ? omitFields(message, [field]) : message)) };
}
