/**
 * Blacklist triggers, as users of the dual-server router write them:
 * `failover: { triggers: [{ "type": "http_status", "codes": [429], "blacklistDuration": 300 }] }`
 * (seconds). A provider's own `failover` wins over the top-level one. Pure.
 */
import type { FailoverConfig } from './schema';

export interface BlacklistTrigger {
  codes: readonly number[];
  durationMs: number;
}

/** Five minutes, the dual-server router's own example. */
const DEFAULT_BLACKLIST_SECONDS = 300;

export function blacklistTriggersOf(own: FailoverConfig | undefined, global: FailoverConfig | undefined): BlacklistTrigger[] {
  const config = own ?? global;
  return (config?.triggers ?? [])
    .filter((trigger) => trigger.type === 'http_status' && Array.isArray(trigger.codes) && trigger.codes.length > 0)
    .map((trigger) => ({ codes: trigger.codes!, durationMs: (trigger.blacklistDuration ?? DEFAULT_BLACKLIST_SECONDS) * 1000 }));
}

/** How long an answer with `status` blacklists the provider; undefined when no trigger names it. */
export function blacklistDurationFor(triggers: readonly BlacklistTrigger[], status: number): number | undefined {
  return triggers.find((trigger) => trigger.codes.includes(status))?.durationMs;
}
