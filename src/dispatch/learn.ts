/**
 * What a failed attempt teaches the live state: the key rests, is disabled or counts a failure;
 * the provider's health records it; a blacklist trigger in the config may set the provider aside.
 */
import { blacklistDurationFor } from '../config/failover';
import type { KeySpec } from '../config/provider-keys';
import type { ProviderRuntime } from '../runtime';
import type { LiveState } from '../state/live';
import type { Failure } from './failure';

/** What a failure teaches about the key and the provider. */
export function learn(live: LiveState, provider: ProviderRuntime, key: KeySpec, failure: Failure): void {
  // A stand-in key is no key: resting or disabling it would only hide the provider behind a wrong reason.
  const standIn = key.kind === 'none';
  // A bearer credential (Kiro) knows when a refusal ends (a refreshed token, the month turning) and
  // refuses calls itself meanwhile: it is not disabled until the config changes.
  const bearer = key.kind === 'bearer';
  switch (failure.kind) {
    case 'refused':
      if (!standIn && !bearer) live.keys.report(key, { kind: 'refused', status: failure.status, message: failure.message });
      break;
    case 'rate_limited':
      if (!standIn) live.keys.report(key, { kind: 'rate_limited', retryAfterMs: failure.retryAfterMs, message: failure.message });
      live.providers.record(provider.name, false, failure.message);
      break;
    case 'rate_limited_unsure':
      live.providers.record(provider.name, false, failure.message);
      break;
    case 'server':
    case 'network':
    case 'timeout':
      live.keys.report(key, { kind: 'failed', status: failure.status, message: failure.message });
      live.providers.record(provider.name, false, failure.message);
      break;
    case 'request':
    case 'context_length':
    case 'client_gone':
      // The request's or the client's doing: nothing about the key or the provider.
      break;
    default: {
      const _exhaustive: never = failure.kind;
      throw new Error(`unknown failure ${String(_exhaustive)}`);
    }
  }
  const blacklistMs = blacklistDurationFor(provider.blacklistTriggers, failure.status);
  if (blacklistMs !== undefined) live.providers.blacklist(provider.name, blacklistMs, `answered ${failure.status}: ${failure.message}`);
}
