/**
 * Which target and key each Claude Code session was given, so its next turns go to the same
 * account and hit the provider's prompt cache (DeepSeek, OpenAI, Anthropic and Gemini all cache per
 * key or account, and bill a hit far below a miss). Bounded: the least recently seen sessions are
 * forgotten first, and a session idle longer than a prompt cache lives is forgotten anyway.
 */
import type { Clock } from './clock';

export interface SessionPin {
  provider: string;
  model: string;
  keyId?: string;
}

interface Entry extends SessionPin {
  seenAt: number;
}

export const DEFAULT_MAX_SESSIONS = 10_000;
/** Anthropic's longest prompt cache lives an hour; no provider keeps one longer. */
export const DEFAULT_PIN_IDLE_MS = 60 * 60_000;

export class SessionPins {
  /** A Map keeps insertion order: re-inserting on use makes its first entry the least recently seen. */
  private readonly pins = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly maxSessions = DEFAULT_MAX_SESSIONS,
    private readonly idleMs = DEFAULT_PIN_IDLE_MS,
  ) {}

  get(session: string): SessionPin | undefined {
    const entry = this.pins.get(session);
    if (entry === undefined) return undefined;
    const now = this.clock();
    this.pins.delete(session);
    if (now - entry.seenAt > this.idleMs) return undefined;
    // Seen now: a session in use keeps its pin (and its provider's cache) however long it runs.
    entry.seenAt = now;
    this.pins.set(session, entry);
    return { provider: entry.provider, model: entry.model, ...(entry.keyId !== undefined && { keyId: entry.keyId }) };
  }

  set(session: string, pin: SessionPin): void {
    this.pins.delete(session);
    this.pins.set(session, { ...pin, seenAt: this.clock() });
    if (this.pins.size > this.maxSessions) this.pins.delete(this.pins.keys().next().value!);
  }

  delete(session: string): void {
    this.pins.delete(session);
  }

  /** Sessions pinned to each key id, for /api/status. */
  countByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    const now = this.clock();
    for (const entry of this.pins.values()) {
      if (entry.keyId === undefined || now - entry.seenAt > this.idleMs) continue;
      counts.set(entry.keyId, (counts.get(entry.keyId) ?? 0) + 1);
    }
    return counts;
  }

  get size(): number {
    return this.pins.size;
  }
}
