/**
 * Picks the API key for a call. Keys rotate round-robin per provider; the cursor is live state,
 * kept outside the config snapshot so it survives reloads.
 */
export class KeyRotation {
  private readonly cursors = new Map<string, number>();

  pick(provider: string, keys: readonly string[]): string {
    if (keys.length === 0) return '';
    if (keys.length === 1) return keys[0];
    const cursor = this.cursors.get(provider) ?? 0;
    this.cursors.set(provider, (cursor + 1) % keys.length);
    return keys[cursor % keys.length];
  }
}
