/**
 * The session a request's usage is filed under: the client's own `x-session-id` header first (any
 * client can group its calls), then Claude Code's session (its `x-claude-code-session-id` header,
 * else the session inside `metadata.user_id`: router/session.ts reads both), else `default`.
 */
import type { MessagesRequest } from '../dialects/anthropic/types';
import { SESSION_HEADER, sessionIdOf } from '../router/session';

export const USAGE_SESSION_HEADER = 'x-session-id';
export const DEFAULT_USAGE_SESSION = 'default';

/** Longer ids are cut: a header is the client's to fill, the database is ours to keep small. */
const MAX_SESSION_ID_LENGTH = 200;

export function usageSessionOf(headers: Pick<Headers, 'get'>, body: Pick<MessagesRequest, 'metadata'> | undefined): string {
  const own = headers.get(USAGE_SESSION_HEADER)?.trim();
  const id = own || (body ? sessionIdOf(body, headers.get(SESSION_HEADER)) : headers.get(SESSION_HEADER)?.trim()) || DEFAULT_USAGE_SESSION;
  return id.length > MAX_SESSION_ID_LENGTH ? id.slice(0, MAX_SESSION_ID_LENGTH) : id;
}
