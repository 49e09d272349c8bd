/**
 * Walks a route until one attempt answers: the route's targets in order (switched-off ones left
 * out, the session's pinned target first), each provider's keys in rotation order (the session's
 * pinned key first), a failed attempt retried on the next key, then on the next target. What each
 * failure means decides the next step (failure.ts):
 * - the key refused (401/402/403) or rate limited (429 with retry-after or rate-limit headers): it
 *   rests or is disabled (src/state/key-health.ts); the next key, then the next target;
 * - a 429 that says nothing about the key (it may be about the request): one other key at most,
 *   then the next target, and the provider's words are what the client gets if none answers;
 * - 5xx, unreachable, silent: another key, else the next target; on the last target, the same key
 *   again after the wait it asked for or a backoff with jitter;
 * - a prompt over the model's window: the longContext route, once;
 * - any other 4xx, or the client gone: no further attempt.
 * Only before the client got a byte: an attempt either answers whole or fails before answering.
 * No new attempt starts past RETRY_DEADLINE_MS. Every outcome is recorded in the live state.
 */
import type { KeySpec } from '../config/provider-keys';
import { byProviderName, providerKey } from '../config/route-target';
import type { MessagesRequest, Usage } from '../dialects/anthropic/types';
import type { ConversionContext } from '../dialects/types';
import { ApiError } from '../http/errors';
import type { RouteTarget } from '../router/types';
import type { ProviderRuntime, Runtime } from '../runtime';
import type { Logger } from '../log';
import type { LiveState } from '../state/live';
import type { SessionPin } from '../state/session-pins';
import { attempt, type AttemptAnswer } from './attempt';
import type { ClientRequest } from './build-call';
import type { StreamOutcome } from './convert-stream';
import { backoffMs, type Failure } from './failure';
import { learn } from './learn';
import { allKeysResting, keysOf, nextUsableKey } from './route-keys';
import type { UpstreamTrace } from './upstream';

export interface DispatchInput {
  request: MessagesRequest;
  targets: readonly RouteTarget[];
  runtime: Runtime;
  live: LiveState;
  clientSignal?: AbortSignal;
  /** The client's request: Anthropic upstreams get its version and beta headers and its query. */
  client?: ClientRequest;
  generateId: ConversionContext['generateId'];
  /** The routing category, named with the target that answered in `x-ccr-route`. */
  category: string;
  /** The Claude Code session, read only when a pin is looked up or set. */
  sessionId?: () => string | undefined;
  /** The longContext route's targets: where a prompt over a model's window goes next. */
  longContextTargets?: () => readonly RouteTarget[] | undefined;
  fetch?: typeof fetch;
  /** At `debug`, each attempt is logged (attempt.ts). */
  log?: Pick<Logger, 'debug' | 'isLevelEnabled'>;
  random?: () => number;
  /** The wait between two attempts on one key; injected so that tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Recording's view of the upstream calls (time on providers, failed attempts). */
  trace?: UpstreamTrace;
  /** Called once the response is complete (after the last byte of a stream). */
  onDone?: (summary: DispatchSummary) => void;
  /** Called when no attempt answered, before the last failure is thrown; `hops`: moves to another key or target. */
  onFailed?: (failure: { provider: string; model: string; hops: number }) => void;
}

export interface DispatchSummary extends Omit<AttemptAnswer, 'usage'> {
  provider: string;
  model: string;
  status: number;
  usage: Partial<Usage>;
  streamStatus?: StreamOutcome['status'];
  /** Moves to another key or target before the attempt that answered (a retry on the same key is not one). */
  hops: number;
}

/** What trying one target came to. */
type TargetOutcome = 'answered' | 'next' | 'stop' | 'context_length';

export async function dispatch(input: DispatchInput): Promise<Response> {
  if (input.targets.length === 0) throw new ApiError(500, 'Routing produced no target');
  const walk = new Walk(input);
  let targets = walk.plan(input.targets);
  if (targets.length === 0) throw new ApiError(503, `Every target of the ${input.category} route is turned off (POST /api/providers/:name/enable turns one back on)`);
  let longContextTried = input.category === 'longContext';
  for (let i = 0; i < targets.length; i++) {
    if (i > 0 && walk.pastDeadline()) break;
    if (i > 0 && walk.attempted) walk.hops++;
    const outcome = await walk.tryTarget(targets[i], i === targets.length - 1);
    if (outcome === 'answered') return walk.response!;
    if (outcome === 'stop') break;
    if (outcome === 'context_length') {
      if (longContextTried) break;
      longContextTried = true;
      const tried = new Set(targets.slice(0, i + 1).map(targetKey));
      const longContext = walk.plan(input.longContextTargets?.() ?? []).filter((target) => !tried.has(targetKey(target)));
      if (longContext.length === 0) break;
      targets = [...targets.slice(0, i + 1), ...longContext];
    }
  }
  input.onFailed?.({ provider: walk.lastTarget.provider, model: walk.lastTarget.model, hops: walk.hops });
  throw walk.lastError ?? new ApiError(503, 'No provider could be tried');
}

const targetKey = (target: RouteTarget) => `${providerKey(target.provider)}\u0000${target.model}`;

class Walk {
  response: Response | undefined;
  /** Made only when an attempt fails: an Error captures its stack, a cost every answered request would pay. */
  lastError: ApiError | undefined;
  lastTarget: RouteTarget = { provider: '', model: '' };
  /** Moves to another key or target so far. */
  hops = 0;
  /** Whether the current target got an attempt (a target whose keys all rest is skipped, not a hop). */
  attempted = false;
  private readonly deadline: number;
  private pinLooked = false;
  private pinned: SessionPin | undefined;

  constructor(private readonly input: DispatchInput) {
    this.deadline = input.live.clock() + input.runtime.settings.retryDeadlineMs;
  }

  pastDeadline(): boolean {
    return this.input.live.clock() >= this.deadline;
  }

  /** The targets worth trying, in order: switched-off ones left out, the session's pinned one first while healthy. */
  plan(targets: readonly RouteTarget[]): RouteTarget[] {
    const { providers } = this.input.live;
    const enabled = targets.filter((target) => providers.isEnabled(target.provider, target.model));
    const pin = this.pin();
    if (pin === undefined || !providers.isHealthy(pin.provider)) return enabled;
    const at = enabled.findIndex((target) => providerKey(target.provider) === providerKey(pin.provider) && target.model === pin.model);
    return at <= 0 ? enabled : [enabled[at], ...enabled.slice(0, at), ...enabled.slice(at + 1)];
  }

  async tryTarget(target: RouteTarget, last: boolean): Promise<TargetOutcome> {
    const { runtime, live } = this.input;
    this.lastTarget = target;
    this.attempted = false;
    const provider = byProviderName(runtime.providers, target.provider);
    if (!provider) {
      this.lastError = new ApiError(400, `Unknown provider "${target.provider}"`);
      return 'next';
    }
    const pin = this.pin();
    const pinnedKey = pin && providerKey(pin.provider) === providerKey(provider.name) ? pin.keyId : undefined;
    const keys = keysOf(provider, live, this.input.random ?? Math.random, pinnedKey);
    if (keys.length === 0) {
      this.lastError = allKeysResting(provider, live);
      return 'next';
    }
    const policy = provider.keyPolicy;
    const budget = policy.retryOnFailure ? 1 + policy.maxRetries : 1;
    let key = keys[0];
    let unsureHopped = false;
    for (let n = 0; n < budget; n++) {
      if (n > 0 && this.pastDeadline()) return 'stop';
      const result = await this.call(provider, target.model, key);
      if (result === undefined) return 'answered';
      const { failure } = result;
      switch (failure.kind) {
        case 'request':
        case 'client_gone':
          return 'stop';
        case 'context_length':
          return 'context_length';
        case 'rate_limited_unsure': {
          // Maybe the request's fault: one other key, then the client hears the provider.
          const other = unsureHopped ? undefined : nextUsableKey(keys, key, live);
          if (other === undefined) return 'next';
          unsureHopped = true;
          key = other;
          this.hops++;
          break;
        }
        case 'refused':
        case 'rate_limited': {
          const other = nextUsableKey(keys, key, live);
          if (other === undefined) return 'next';
          key = other;
          this.hops++;
          break;
        }
        case 'server':
        case 'network':
        case 'timeout': {
          const other = nextUsableKey(keys, key, live);
          if (other !== undefined) {
            key = other;
            this.hops++;
            break;
          }
          // Another target is the quickest way out; on the last one, the same key again, after the
          // wait it asked for or a backoff.
          if (!last || !live.keys.isUsable(key.id)) return 'next';
          const wait = Math.max(failure.retryAfterMs ?? 0, backoffMs(n, this.input.random ?? Math.random));
          if (live.clock() + wait >= this.deadline) return 'next';
          this.input.trace?.waited(wait);
          await (this.input.sleep ?? Bun.sleep)(wait);
          break;
        }
        default: {
          const _exhaustive: never = failure.kind;
          throw new Error(`unknown failure ${String(_exhaustive)}`);
        }
      }
    }
    return 'next';
  }

  /** One attempt, its lessons recorded; undefined when it answered (the response is kept). */
  private async call(provider: ProviderRuntime, model: string, key: KeySpec): Promise<{ failure: Failure } | undefined> {
    const { input } = this;
    const { live } = input;
    live.keys.begin(key.id);
    this.attempted = true;
    const hops = this.hops;
    const result = await attempt({
      request: input.request,
      runtime: input.runtime,
      provider,
      model,
      apiKey: key.key,
      credential: provider.credentials?.get(key.id),
      clientSignal: input.clientSignal,
      client: input.client,
      generateId: input.generateId,
      category: input.category,
      fetch: input.fetch,
      trace: input.trace,
      log: input.log,
      onDone: (answer) => input.onDone?.({ ...answer, provider: provider.name, model, status: 200, hops }),
    });
    if (result.ok) {
      live.keys.report(key, { kind: 'success' });
      live.providers.record(provider.name, true);
      this.setPin(provider, model, key);
      this.response = result.response;
      return undefined;
    }
    this.lastError = result.error;
    input.trace?.attemptFailed(provider.name, result.failure.status);
    learn(live, provider, key, result.failure);
    if (input.log?.isLevelEnabled('debug')) input.log.debug({ provider: provider.name, model, failure: result.failure.kind, status: result.failure.status, error: result.error.message }, 'attempt failed');
    return result;
  }

  private pin(): SessionPin | undefined {
    if (!this.pinLooked) {
      this.pinLooked = true;
      const session = this.input.sessionId?.();
      this.pinned = session === undefined ? undefined : this.input.live.sessions.get(pinName(session, this.input.category));
    }
    return this.pinned;
  }

  private setPin(provider: ProviderRuntime, model: string, key: KeySpec): void {
    if (!provider.keyPolicy.sessionAffinity) return;
    const pin = this.pin();
    if (pin && pin.provider === provider.name && pin.model === model && pin.keyId === key.id) return;
    const session = this.input.sessionId?.();
    if (session !== undefined) this.input.live.sessions.set(pinName(session, this.input.category), { provider: provider.name, model, keyId: key.id });
  }
}

/** A session is pinned per routing category: its background calls go elsewhere than its main turns. */
const pinName = (session: string, category: string) => `${session}\u0000${category}`;
