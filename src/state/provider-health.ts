/**
 * Live state of each provider, outside the config snapshot: blacklisted after a trigger (a 429, by
 * default) for its `blacklistDuration`, unhealthy while its recent failure ratio is high, and the
 * temporary switches a person sets (`POST /api/providers/:name/disable`, per model too), which no
 * file records and a restart clears. Provider names compare case-insensitively, as routing does.
 */
import { providerKey } from '../config/route-target';
import type { Clock } from './clock';

export interface ProviderHealthOptions {
  /** How far back outcomes count toward the failure ratio. */
  windowMs: number;
  /** Fewer outcomes than this in the window say nothing. */
  minSamples: number;
  /** At or above this share of failures, the provider is unhealthy until the window forgets them. */
  maxFailureRatio: number;
}

export const DEFAULT_PROVIDER_HEALTH: ProviderHealthOptions = { windowMs: 60_000, minSamples: 5, maxFailureRatio: 0.5 };

/** The failure-ratio window is counted in this many slots: constant work per request, whatever the rate. */
const SLOTS = 60;

interface ProviderRecord {
  /** Per slot of the window (windowMs / SLOTS wide): which slot of time it counts, and its counts. */
  slotTimes: Float64Array;
  requests: Uint32Array;
  failures: Uint32Array;
  blacklistedUntil: number;
  blacklistReason?: string;
  lastError?: { at: number; message: string };
  disabled: boolean;
  disabledModels: Set<string>;
}

export interface ProviderView {
  blacklistedUntil?: number;
  blacklistReason?: string;
  recentRequests: number;
  recentFailures: number;
  healthy: boolean;
  disabled: boolean;
  disabledModels: string[];
  lastError?: { at: number; message: string };
}

export class ProviderHealth {
  private readonly records = new Map<string, ProviderRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly options: ProviderHealthOptions = DEFAULT_PROVIDER_HEALTH,
  ) {}

  record(provider: string, ok: boolean, message?: string): void {
    const record = this.recordOf(provider);
    const now = this.clock();
    const time = Math.floor(now / this.slotMs);
    const slot = time % SLOTS;
    if (record.slotTimes[slot] !== time) {
      record.slotTimes[slot] = time;
      record.requests[slot] = 0;
      record.failures[slot] = 0;
    }
    record.requests[slot]++;
    if (!ok) {
      record.failures[slot]++;
      if (message !== undefined) record.lastError = { at: now, message };
    }
  }

  blacklist(provider: string, durationMs: number, reason: string): void {
    const record = this.recordOf(provider);
    record.blacklistedUntil = Math.max(record.blacklistedUntil, this.clock() + durationMs);
    record.blacklistReason = reason;
  }

  /** Neither blacklisted nor failing too often; when its time is up, the next request probes it. */
  isHealthy(provider: string): boolean {
    const record = this.records.get(providerKey(provider));
    if (record === undefined) return true;
    const now = this.clock();
    if (record.blacklistedUntil > now) return false;
    const { requests, failures } = this.recent(record, now);
    return requests < this.options.minSamples || failures / requests < this.options.maxFailureRatio;
  }

  /** The person's switches: false when the provider, or this model of it, is turned off. */
  isEnabled(provider: string, model?: string): boolean {
    const record = this.records.get(providerKey(provider));
    if (record === undefined) return true;
    return !record.disabled && (model === undefined || !record.disabledModels.has(model));
  }

  setEnabled(provider: string, enabled: boolean, model?: string): void {
    const record = this.recordOf(provider);
    if (model === undefined) record.disabled = !enabled;
    else if (enabled) record.disabledModels.delete(model);
    else record.disabledModels.add(model);
  }

  /** Forgets providers the config no longer has; the others keep their history. */
  onConfigChange(liveProviders: Iterable<string>): void {
    const live = new Set([...liveProviders].map(providerKey));
    for (const name of this.records.keys()) if (!live.has(name)) this.records.delete(name);
  }

  view(provider: string): ProviderView {
    const record = this.records.get(providerKey(provider));
    const now = this.clock();
    if (record === undefined) return { recentRequests: 0, recentFailures: 0, healthy: true, disabled: false, disabledModels: [] };
    const { requests, failures } = this.recent(record, now);
    return {
      ...(record.blacklistedUntil > now && { blacklistedUntil: record.blacklistedUntil, blacklistReason: record.blacklistReason }),
      recentRequests: requests,
      recentFailures: failures,
      healthy: this.isHealthy(provider),
      disabled: record.disabled,
      disabledModels: [...record.disabledModels],
      ...(record.lastError && { lastError: record.lastError }),
    };
  }

  /** The counts of the slots still inside the window. */
  private recent(record: ProviderRecord, now: number): { requests: number; failures: number } {
    const oldest = Math.floor(now / this.slotMs) - SLOTS + 1;
    let requests = 0;
    let failures = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      if (record.slotTimes[slot] < oldest) continue;
      requests += record.requests[slot];
      failures += record.failures[slot];
    }
    return { requests, failures };
  }

  private get slotMs(): number {
    return this.options.windowMs / SLOTS;
  }

  private recordOf(provider: string): ProviderRecord {
    const name = providerKey(provider);
    let record = this.records.get(name);
    if (record === undefined) {
      record = { slotTimes: new Float64Array(SLOTS).fill(-Infinity), requests: new Uint32Array(SLOTS), failures: new Uint32Array(SLOTS), blacklistedUntil: 0, disabled: false, disabledModels: new Set() };
      this.records.set(name, record);
    }
    return record;
  }
}
