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

/** The one-line warning the log keeps. */
export function missingConfigGuidance(lookedIn: string[], suggestedPath: string): string[] {
  return [
    `No config file found (looked in: CCR_CONFIG_PATH/CONFIG_PATH (not set), ${lookedIn.join(', ')}); running with an empty default config: no providers, so every request will fail until ${suggestedPath} is written.`,
  ];
}

/**
 * What a person starting ccr for the first time reads on the terminal: plain text, the example as
 * JSON to copy (a log line would escape it into one line), the path to write it to. ccr picks the
 * file up as soon as it is written.
 */
export function firstRunGuidance(suggestedPath: string): string {
  return [
    'ccr has no config yet, so it has no provider to send requests to.',
    `Write ${suggestedPath} (or any file, with CONFIG_PATH set to it) with at least one provider and a default route, for example:`,
    '',
    MINIMAL_CONFIG_EXAMPLE,
    '',
    'ccr picks the file up as soon as it is written: no restart needed. `ccr setup` asks for the values and writes it for you.',
    '',
  ].join('\n');
}
