/**
 * The last input-token count each session reported, so that a session that has grown past the
 * long-context threshold keeps going to the long-context model. Bounded: the oldest session is
 * forgotten first.
 */
export class SessionTokens {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  get(sessionId: string): number | undefined {
    return this.counts.get(sessionId);
  }

  set(sessionId: string, inputTokens: number): void {
    this.counts.delete(sessionId);
    this.counts.set(sessionId, inputTokens);
    if (this.counts.size > this.capacity) this.counts.delete(this.counts.keys().next().value!);
  }
}
