/** A transformer context for tests. */
import type { MessagesRequest } from '../dialects/anthropic/types';
import type { TransformerContext } from './types';

export function transformerContext(overrides: Partial<TransformerContext> = {}): TransformerContext {
  return { provider: 'test-provider', model: 'test-model', dialect: 'openai', warnings: [], request: anthropicRequest(), ...overrides };
}

export function anthropicRequest(overrides: Partial<MessagesRequest> = {}): MessagesRequest {
  return { model: 'claude-sonnet-4-5', max_tokens: 32_000, messages: [{ role: 'user', content: 'hi' }], ...overrides };
}
