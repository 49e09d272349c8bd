/**
 * Everything ccr learns while it runs, kept apart from the config snapshot so a reload keeps it:
 * key and provider health, the switches a person set, session pins, key rotation cursors.
 */
import type { Runtime } from '../runtime';
import { systemClock, type Clock } from './clock';
import { KeyHealth } from './key-health';
import { ProviderHealth } from './provider-health';
import { SessionPins } from './session-pins';

export interface LiveState {
  readonly clock: Clock;
  readonly keys: KeyHealth;
  readonly providers: ProviderHealth;
  readonly sessions: SessionPins;
  /** Round-robin position of each provider's keys. */
  readonly keyCursors: Map<string, number>;
}

export function createLiveState(clock: Clock = systemClock): LiveState {
  return { clock, keys: new KeyHealth(clock), providers: new ProviderHealth(clock), sessions: new SessionPins(clock), keyCursors: new Map() };
}

/** A new snapshot is running: forget what it no longer names, give refused keys another chance. */
export function onRuntimeChange(live: LiveState, runtime: Runtime): void {
  const providers = [...runtime.providers.values()];
  live.keys.onConfigChange(new Set(providers.flatMap((provider) => provider.pool.map((key) => key.id))));
  live.providers.onConfigChange(providers.map((provider) => provider.name));
}
