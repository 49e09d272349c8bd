/** Small, copy-on-write edits of an upstream JSON body shared by the presets. */

/** The body without `fields`; `onDropped` hears each field that was present. */
export function omitFields<T extends Record<string, unknown>>(
  body: T,
  fields: readonly string[],
  onDropped?: (field: string) => void,
): T {
  if (!fields.some((field) => field in body)) return body;
  const copy: Record<string, unknown> = { ...body };
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
 * Messages without the `reasoning_content` the openai dialect writes from thinking blocks: a DeepSeek
 * extension that providers with strict validation (OpenAI, Groq, Cerebras) do not document.
 */
export function withoutReasoningContent<T extends Record<string, unknown>>(body: T): T {
  const messages = body.messages;
  if (!Array.isArray(messages) || !messages.some((message) => typeof message === 'object' && message !== null && 'reasoning_content' in message)) return body;
  return { ...body, messages: messages.map((message: Record<string, unknown>) => omitFields(message, ['reasoning_content'])) };
}
