/**
 * The config used when no file exists: the router starts, answers health checks and tells the user
 * what to write, instead of refusing to start.
 */
import type { Config } from './schema';

export function defaultConfig(): Config {
  return { Providers: [], Router: {} };
}

/** A minimal working file, shown in the guidance. */
const MINIMAL_CONFIG_EXAMPLE = `{
  "Providers": [
    {
      "name": "openrouter",
      "api_base_url": "https://openrouter.ai/api/v1/chat/completions",
      "api_key": "$OPENROUTER_API_KEY",
      "models": ["anthropic/claude-sonnet-4"],
      "transformer": { "use": ["openrouter"] }
    }
  ],
  "Router": { "default": "openrouter,anthropic/claude-sonnet-4" }
}`;

export function missingConfigGuidance(lookedIn: string[], suggestedPath: string): string[] {
  return [
    `No config file found (looked in: CCR_CONFIG_PATH/CONFIG_PATH (not set), ${lookedIn.join(', ')}); running with an empty default config: no providers, so every request will fail until one is configured.`,
    `To configure: create ${suggestedPath} (or any file, and set CONFIG_PATH to its path) with at least one provider in "Providers" and a "Router.default" of the form "provider,model", for example:\n${MINIMAL_CONFIG_EXAMPLE}`,
  ];
}
