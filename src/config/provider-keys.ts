/**
 * A provider's keys and how to use them, from the config as users of the key-rotation fork of
 * claude-code-router write it: `api_key` (a string or a list) and `api_keys` (strings or
 * `{ key, weight, maxFailures, cooldownTime }`, cooldownTime in milliseconds), `enable_rotation`,
 * `rotation_strategy`, `retry_on_failure`, `max_retries`; plus ccr's `session_affinity`. Pure.
 */
import { createHash } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { ProviderConfig, RotationStrategyConfig } from './schema';

/** The values and their ranges are the schema's (schema.ts), checked when the config loads: read as they are here. */
export type RotationStrategy = Static<typeof RotationStrategyConfig>;

export interface KeySpec {
  /** Stable across reloads and safe to show: derived from the provider and the key, revealing neither. */
  id: string;
  /**
   * `api_key`: a key from the config. `bearer`: a credential that refreshes itself (Kiro), which knows
   * when a refusal ends and is never disabled for one. `none`: a keyless provider's stand-in (a local
   * server), so that its failures still count; it never rests.
   */
  kind: 'api_key' | 'bearer' | 'none';
  /** The API key; empty for a bearer credential, which `label` names instead. */
  key: string;
  /** How /api/status names a key that is not a string to mask (a Kiro token file's path). */
  label?: string;
  weight: number;
  /** Failures in a row (5xx, network, timeout) before the key cools down. */
  maxFailures: number;
  /** How long a key rests after a 429 without retry-after, or after maxFailures. */
  cooldownMs: number;
}

export interface KeyPolicy {
  /** False: always the first usable key in config order (the others only when it fails). */
  rotation: boolean;
  strategy: RotationStrategy;
  /** False: a failed call is not retried on another key of this provider. */
  retryOnFailure: boolean;
  /** Further attempts on this provider's other keys after the first. */
  maxRetries: number;
  /** A session keeps the key (and target) it first got while they stay usable. */
  sessionAffinity: boolean;
}

export const DEFAULT_MAX_FAILURES = 3;
export const DEFAULT_COOLDOWN_MS = 60_000;
const DEFAULT_MAX_RETRIES = 3;

export function providerKeysOf(provider: ProviderConfig): KeySpec[] {
  const entries = [...(Array.isArray(provider.api_key) ? provider.api_key : provider.api_key ? [provider.api_key] : []), ...(provider.api_keys ?? [])];
  const seen = new Set<string>();
  const keys: KeySpec[] = [];
  for (const entry of entries) {
    const options = typeof entry === 'string' ? { key: entry } : entry;
    if (options.key.length === 0 || seen.has(options.key)) continue;
    seen.add(options.key);
    keys.push({
      id: keyId(provider.name, options.key),
      kind: 'api_key',
      key: options.key,
      weight: options.weight ?? 1,
      maxFailures: options.maxFailures ?? DEFAULT_MAX_FAILURES,
      cooldownMs: options.cooldownTime ?? DEFAULT_COOLDOWN_MS,
    });
  }
  return keys;
}

export function keyPolicyOf(provider: ProviderConfig): KeyPolicy {
  return {
    rotation: provider.enable_rotation !== false,
    strategy: provider.rotation_strategy ?? 'round_robin',
    retryOnFailure: provider.retry_on_failure !== false,
    maxRetries: provider.max_retries ?? DEFAULT_MAX_RETRIES,
    sessionAffinity: provider.session_affinity !== false,
  };
}

/** 12 hex digits of a hash: unique enough among a provider's keys, useless to anyone who reads it. */
export function keyId(provider: string, key: string): string {
  return createHash('sha256').update(provider).update('\0').update(key).digest('hex').slice(0, 12);
}
