/**
 * `ccr statusline`: the line Claude Code shows under its prompt, for users who configured it as
 * claude-code-router's README says (`"statusLine": {"type": "command", "command": "ccr statusline"}`
 * in Claude Code's settings.json). Claude Code pipes its session as JSON on stdin and shows what
 * this prints; the session's usage comes from the router (`GET /api/usage/sessions/:id`). It
 * always exits 0 with one line: a status line that fails shows nothing at all.
 * @see https://docs.anthropic.com/en/docs/claude-code/statusline
 */
import type { CommandContext } from '../command';
import { errorMessage } from '../errors';
import { sessionUsageOf, type SessionUsageResult } from '../server-client';
import { resolveServerSpecs, serverUrl } from '../servers';
import { apiKeyOf } from '../status-report';

export const help = `Usage: ccr statusline

For Claude Code's status line: reads the session Claude Code pipes in (JSON on stdin) and prints
one line with the providers that answered it, its tokens and its cost, from the running router.
In Claude Code's settings.json:
  "statusLine": { "type": "command", "command": "ccr statusline" }`;

/** Claude Code answers within its status line's refresh: the router's answer is not waited for longer. */
const TIMEOUT_MS = 800;

export async function run(_argv: string[], context: CommandContext): Promise<number> {
  // Run by hand at a terminal there is nothing to read: no session.
  const sessionId = process.stdin.isTTY ? undefined : sessionIdOf(await Bun.stdin.text());
  try {
    const [main] = await resolveServerSpecs({ env: context.env, cwd: context.cwd, single: true });
    const usage = sessionId === undefined ? { kind: 'none' as const } : await sessionUsageOf(serverUrl(main), await apiKeyOf(main.configPath, context), sessionId, TIMEOUT_MS);
    console.log(formatStatusLine(usage));
  } catch (error) {
    console.log(formatStatusLine({ kind: 'refused', message: errorMessage(error) }));
  }
  return 0;
}

/** The session Claude Code names in its status line input; undefined for anything else. */
export function sessionIdOf(input: string): string | undefined {
  try {
    const value = JSON.parse(input) as { session_id?: unknown };
    return typeof value.session_id === 'string' && value.session_id !== '' ? value.session_id : undefined;
  } catch {
    return undefined;
  }
}

/** One line, plain text (Claude Code shows it as printed). Pure. */
export function formatStatusLine(result: SessionUsageResult): string {
  switch (result.kind) {
    case 'down':
      return 'ccr · not running (ccr start)';
    case 'none':
      return 'ccr · no request yet';
    case 'refused':
      return `ccr · ${result.message}`;
    case 'usage': {
      const { usage } = result;
      const providers = Object.entries(usage.providers)
        .sort(([, a], [, b]) => b.requests - a.requests)
        .map(([name]) => name);
      const cached = usage.totalCacheReadTokens > 0 ? ` (${tokens(usage.totalCacheReadTokens)} cached)` : '';
      return `ccr · ${providers.join(', ') || 'no provider'} · ↑ ${tokens(usage.totalInputTokens)}${cached} ↓ ${tokens(usage.totalOutputTokens)} · $${usage.totalCost.toFixed(4)}`;
    }
    default: {
      const _exhaustive: never = result;
      return String(_exhaustive);
    }
  }
}

function tokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${(count / 1000).toFixed(1)}k`;
  return `${(count / 1_000_000).toFixed(2)}M`;
}
