/**
 * Live state of every provider key, kept outside the config snapshot so a reload keeps it: requests,
 * failures in a row, cool-downs, keys disabled after the provider refused them. Keyed by KeySpec.id.
 * A small interface with an in-process implementation; a shared store can replace it for several
 * ccr instances behind one load balancer.
 */
import type { KeySpec } from '../config/provider-keys';
import type { Clock } from './clock';

export type KeyStatus = 'active' | 'cooling' | 'disabled';

/** What a call taught about its key. */
export type KeyOutcome =
  | { kind: 'success' }
  /** 401, 403, 402: the provider refused the key itself; it stays out until the config changes. */
  | { kind: 'refused'; status: number; message: string }
  /** 429: rests for the provider's retry-after, else the key's own cooldown. */
  | { kind: 'rate_limited'; retryAfterMs?: number; message: string }
  /** 5xx, unreachable, silent: counted; maxFailures in a row and the key rests. */
  | { kind: 'failed'; status?: number; message: string };

export interface KeyRecord {
  requests: number;
  successes: number;
  /** Failures in a row since the last success or cool-down. */
  failures: number;
  coolingUntil: number;
  disabledReason?: string;
  lastUsedAt?: number;
  lastError?: { at: number; status?: number; message: string };
}

export interface KeyView extends Readonly<KeyRecord> {
  status: KeyStatus;
}

export class KeyHealth {
  private readonly records = new Map<string, KeyRecord>();

  constructor(private readonly clock: Clock) {}

  status(id: string): KeyStatus {
    const record = this.records.get(id);
    if (record === undefined) return 'active';
    if (record.disabledReason !== undefined) return 'disabled';
    return record.coolingUntil > this.clock() ? 'cooling' : 'active';
  }

  isUsable(id: string): boolean {
    return this.status(id) === 'active';
  }

  /** Milliseconds until a cooling key is back; 0 when it is usable, Infinity when disabled. */
  restLeft(id: string): number {
    const record = this.records.get(id);
    if (record?.disabledReason !== undefined) return Infinity;
    return Math.max(0, (record?.coolingUntil ?? 0) - this.clock());
  }

  requestsOf(id: string): number {
    return this.records.get(id)?.requests ?? 0;
  }

  lastUsedAt(id: string): number {
    return this.records.get(id)?.lastUsedAt ?? 0;
  }

  /** A call is about to use the key. */
  begin(id: string): void {
    const record = this.recordOf(id);
    record.requests++;
    record.lastUsedAt = this.clock();
  }

  report(key: KeySpec, outcome: KeyOutcome): void {
    const record = this.recordOf(key.id);
    const now = this.clock();
    switch (outcome.kind) {
      case 'success':
        record.successes++;
        record.failures = 0;
        return;
      case 'refused':
        record.disabledReason = `provider answered ${outcome.status}: ${outcome.message}`;
        break;
      case 'rate_limited':
        record.coolingUntil = now + (outcome.retryAfterMs ?? key.cooldownMs);
        record.failures = 0;
        break;
      case 'failed':
        if (++record.failures >= key.maxFailures) {
          record.coolingUntil = now + key.cooldownMs;
          record.failures = 0;
        }
        break;
      default: {
        const _exhaustive: never = outcome;
        throw new Error(`unknown key outcome ${String(_exhaustive)}`);
      }
    }
    record.lastError = { at: now, ...('status' in outcome && outcome.status !== undefined && { status: outcome.status }), message: outcome.message };
  }

  /** A person said so (`POST /api/keys/:id/reset`): back in service, counters kept. */
  reset(id: string): boolean {
    const record = this.records.get(id);
    if (record === undefined) return false;
    record.coolingUntil = 0;
    record.failures = 0;
    delete record.disabledReason;
    return true;
  }

  /**
   * The config changed: keys it no longer names are forgotten; a key disabled for being refused
   * gets another chance (the user may have fixed it); counters and cool-downs stay.
   */
  onConfigChange(liveIds: ReadonlySet<string>): void {
    for (const [id, record] of this.records) {
      if (!liveIds.has(id)) this.records.delete(id);
      else delete record.disabledReason;
    }
  }

  view(id: string): KeyView {
    const record = this.records.get(id) ?? { requests: 0, successes: 0, failures: 0, coolingUntil: 0 };
    return { ...record, status: this.status(id) };
  }

  private recordOf(id: string): KeyRecord {
    let record = this.records.get(id);
    if (record === undefined) {
      record = { requests: 0, successes: 0, failures: 0, coolingUntil: 0 };
      this.records.set(id, record);
    }
    return record;
  }
}
