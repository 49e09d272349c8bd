/**
 * The environment that points Claude Code at a router: `ccr code` sets it for the `claude` it
 * runs, `ccr env` prints it for a shell.
 * @see https://docs.anthropic.com/en/docs/claude-code/settings#environment-variables
 */
import type { Settings } from '../config/settings';

/** Claude Code wants some token; without APIKEY ccr asks for none, and this one says where it goes. */
export const PLACEHOLDER_TOKEN = 'ccr';

export function claudeEnvironment(url: string, settings: Pick<Settings, 'apiKey' | 'timeoutMs'>): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_AUTH_TOKEN: settings.apiKey ?? PLACEHOLDER_TOKEN,
    API_TIMEOUT_MS: String(settings.timeoutMs),
    DISABLE_TELEMETRY: '1',
  };
}

/** Variables that would make Claude Code go around the router, or warn of two credentials. */
export const CLAUDE_ENV_REMOVED = ['ANTHROPIC_API_KEY'] as const;
