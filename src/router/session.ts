/**
 * Which Claude Code conversation a request belongs to, for per-session routing and usage.
 * Claude Code has spelled it three ways over its versions; all are read, newest first:
 * - the `x-claude-code-session-id` header (v2.1.86+);
 * - `metadata.user_id` as a JSON string `{"device_id":…,"account_uuid":…,"session_id":…}` (v2.1.78+);
 * - `metadata.user_id` as `user_<hash>_account_<uuid>_session_<uuid>` (earlier versions).
 */
import type { MessagesRequest } from '../dialects/anthropic/types';

export const SESSION_HEADER = 'x-claude-code-session-id';
const SESSION_MARKER = '_session_';

/** `sessionHeader`: the request's SESSION_HEADER, if it has one. */
export function sessionIdOf(request: Pick<MessagesRequest, 'metadata'>, sessionHeader?: string | null): string | undefined {
  const fromHeader = sessionHeader?.trim();
  if (fromHeader) return fromHeader;
  const userId = request.metadata?.user_id;
  if (typeof userId !== 'string') return undefined;
  return userId.startsWith('{') ? sessionIdFromJson(userId) : sessionIdFromLegacy(userId);
}

function sessionIdFromJson(userId: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(userId);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const sessionId = (parsed as { session_id?: unknown }).session_id;
    return typeof sessionId === 'string' && sessionId.length > 0 ? sessionId : undefined;
  } catch {
    return undefined;
  }
}

function sessionIdFromLegacy(userId: string): string | undefined {
  const at = userId.lastIndexOf(SESSION_MARKER);
  if (at < 0) return undefined;
  const sessionId = userId.slice(at + SESSION_MARKER.length);
  return sessionId.length > 0 ? sessionId : undefined;
}
