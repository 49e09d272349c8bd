/**
 * Where an Anthropic-shaped request goes: `api_base_url` is already the full `…/v1/messages` URL
 * (Anthropic, and the Anthropic-compatible endpoints of DeepSeek, Moonshot, Zhipu, MiniMax).
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/api/versioning
 */
import type { Endpoint, EndpointInput } from '../types';

/** The version Claude Code and the SDKs send; compatible endpoints accept or ignore it. */
const ANTHROPIC_VERSION = '2023-06-01';

export function anthropicEndpoint(input: EndpointInput): Endpoint {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  const scheme = input.authScheme ?? 'x-api-key';
  switch (scheme) {
    case 'x-api-key':
      headers['x-api-key'] = input.apiKey;
      break;
    case 'bearer':
      // Some compatible endpoints (and Anthropic's OAuth tokens) read only `Authorization`.
      headers.authorization = `Bearer ${input.apiKey}`;
      break;
    default: {
      const _exhaustive: never = scheme;
      throw new Error(`unknown auth scheme ${String(_exhaustive)}`);
    }
  }
  return { url: input.baseUrl, headers };
}
