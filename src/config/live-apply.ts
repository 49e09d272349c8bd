/**
 * What a config applied while ccr runs cannot change at once: where it listens and how it logs are
 * fixed when it starts. Pure: the settings ccr started with against the new ones.
 */
import { LOCAL_HOSTS, type Settings } from './settings';

/** The config keys whose new value takes effect only after a restart. */
export function restartNeeded(startedWith: Settings, next: Settings): string[] {
  const keys: string[] = [];
  if (next.host !== startedWith.host) keys.push('HOST');
  if (next.port !== startedWith.port) keys.push('PORT');
  if (next.logToFile !== startedWith.logToFile) keys.push('LOG');
  if (next.logLevel !== startedWith.logLevel) keys.push('LOG_LEVEL');
  // A smaller limit applies at once; the listener refuses bodies past the one it started with.
  if (next.bodyLimitBytes > startedWith.bodyLimitBytes) keys.push('BODY_LIMIT_BYTES');
  return keys;
}

/**
 * Problems that forbid applying `next` live, from the file or the admin API alike. Without APIKEY
 * (and without ALLOW_NO_APIKEY) ccr listens on 127.0.0.1 only, but a running listener cannot move:
 * removing the key while it listens on another host would leave that port open to anyone until a
 * restart.
 */
export function liveApplyProblems(startedWith: Settings, next: Settings): string[] {
  if (!next.hostForcedLocal || LOCAL_HOSTS.has(startedWith.host)) return [];
  return [
    `APIKEY: cannot be removed while ccr listens on ${startedWith.host}: the port would accept requests without a key until a restart. Remove it in the file and restart ccr.`,
  ];
}
