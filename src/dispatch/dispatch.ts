/**
 * Walks a route's ordered targets: converts the request for the target's dialect, calls it, and
 * converts what comes back. A target that fails before anything reached the client (unreachable,
 * timeout, 429, 5xx) hands over to the next one; the last failure is what the client sees.
 */
import { byProviderName } from '../config/route-target';
import type { MessageResponse, MessagesRequest, ResponseContentBlock, Usage } from '../dialects/anthropic/types';
import type { ConversionContext } from '../dialects/types';
import { ApiError } from '../http/errors';
import { maskSecrets } from '../log';
import type { RouteTarget } from '../router/types';
import type { ProviderRuntime, Runtime } from '../runtime';
import { encodeEvents } from '../sse/encode';
import { messageToEvents } from '../sse/message-to-events';
import { buildUpstreamCall, type ClientRequest } from './build-call';
import { convertUpstreamStream, type StreamOutcome } from './convert-stream';
import type { KeyRotation } from './keys';
import { assembleOwnStream, convertOwnStreamReadingAhead } from './own-stream';
import { pipeUpstreamStream } from './pipe-stream';
import { responseHeadersByRoute } from './response-headers';
import { callUpstream, describeNetworkError, upstreamFailure } from './upstream';

export interface DispatchInput {
  request: MessagesRequest;
  targets: readonly RouteTarget[];
  runtime: Runtime;
  keys: KeyRotation;
  clientSignal?: AbortSignal;
  /**
   * The client's request: Anthropic upstreams get its version and beta headers. Its headers are
   * read only then, so that other calls never make Bun build the request's Headers object.
   */
  client?: ClientRequest;
  generateId: ConversionContext['generateId'];
  /** The routing category, named with the target that answered in `x-ccr-route`. */
  category: string;
  fetch?: typeof fetch;
  /** Called once the response is complete (after the last byte of a stream). */
  onDone?: (summary: DispatchSummary) => void;
  /**
   * Called when a failover walk ends in failure, before its last failure is thrown: the target that
   * failed last and how many failed before it. A route with one target does not call it (that
   * target failed, after none).
   */
  onFailed?: (failure: { provider: string; model: string; hops: number }) => void;
}

export interface DispatchSummary {
  provider: string;
  model: string;
  status: number;
  usage: Partial<Usage>;
  streamStatus?: StreamOutcome['status'];
  errorMessage?: string;
  warnings: string[];
  /** Targets that failed before this one answered. */
  hops: number;
  /** `performance.now()` when the answer's first byte went to the client (a JSON answer's whole body goes at once). */
  firstByteAt: number;
  /** A JSON answer's content, kept only when the upstream reported no output tokens (for an estimate). */
  content?: readonly ResponseContentBlock[];
  /** A converted stream's text, thinking and tool-input deltas, for the same. */
  streamedText?: readonly string[];
}

const RETRYABLE = (status: number) => status === 429 || status === 408 || status >= 500;

/** The response of the first target that answers (its route named in `x-ccr-route`). */
export function dispatch(input: DispatchInput): Promise<Response> {
  const { targets } = input;
  if (targets.length === 0) return Promise.reject(new ApiError(500, 'Routing produced no target'));
  // Most routes have one target: its answer or its failure is the client's, with no loop to wrap it.
  if (targets.length > 1) return dispatchWithFailover(input);
  const provider = findTargetProvider(input.runtime, targets[0]);
  return provider ? callTarget(input, provider, targets[0].model) : Promise.reject(unknownProvider(targets[0]));
}

async function dispatchWithFailover(input: DispatchInput): Promise<Response> {
  let lastError: ApiError | undefined;
  let failedAt = 0;
  for (let i = 0; i < input.targets.length; i++) {
    const target = input.targets[i];
    const provider = findTargetProvider(input.runtime, target);
    failedAt = i;
    if (!provider) {
      lastError = unknownProvider(target);
      continue;
    }
    try {
      return await callTarget(input, provider, target.model, i);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      lastError = error;
      const more = i < input.targets.length - 1;
      if (!more || error.status === 499 || !RETRYABLE(error.status)) break;
    }
  }
  const failed = input.targets[failedAt];
  input.onFailed?.({ provider: failed.provider, model: failed.model, hops: failedAt });
  throw lastError!;
}

const findTargetProvider = (runtime: Runtime, target: RouteTarget) => byProviderName(runtime.providers, target.provider);

const unknownProvider = (target: RouteTarget) => new ApiError(400, `Unknown provider "${target.provider}"`);

async function callTarget(input: DispatchInput, provider: ProviderRuntime, model: string, hops = 0, retried = false): Promise<Response> {
  const { runtime } = input;
  // A refreshed bearer token (Kiro) stands in for the key list.
  const credential = provider.bearer ? await provider.bearer.current() : undefined;
  const built = buildUpstreamCall({
    request: input.request,
    provider,
    model,
    apiKey: credential?.token ?? input.keys.pick(provider.name, provider.apiKeys),
    generateId: input.generateId,
    credentialFields: credential?.bodyFields,
    client: input.client,
  });
  const { plan, cctx, tctx } = built;
  const call = await callUpstream({
    provider: provider.name,
    url: built.url,
    headers: built.headers,
    body: built.body,
    timeoutMs: runtime.settings.timeoutMs,
    clientSignal: input.clientSignal,
    proxyUrl: runtime.settings.proxyUrl,
    fetch: input.fetch,
  });
  const upstream = call.response;
  const route = `${input.category}; ${provider.name},${model}`;
  const done = (usage: Partial<Usage>, outcome?: StreamOutcome, content?: readonly ResponseContentBlock[]) =>
    input.onDone?.({
      provider: provider.name,
      model,
      status: 200,
      usage,
      warnings: tctx.warnings,
      streamStatus: outcome?.status,
      errorMessage: outcome?.errorMessage,
      hops,
      firstByteAt: outcome?.firstByteAt ?? performance.now(),
      // The answer is kept for counting only when the upstream did not count it.
      content: usage.output_tokens ? undefined : content,
      streamedText: usage.output_tokens ? undefined : outcome?.streamedText,
    });

  if (!upstream.ok) {
    const text = await upstream.text().catch(() => '');
    call.finish();
    // A refused token that the credential could refresh: one more try.
    if (provider.bearer && (await provider.bearer.rejected(upstream.status, text, !retried))) return callTarget(input, provider, model, hops, true);
    throw upstreamError(provider, upstream, plan.dialect.readErrorMessage(text));
  }

  // A provider with a stream framing of its own answers every request with it (own-stream.ts).
  if (plan.dialect.createStreamReader && upstream.body) {
    const streamOptions = { call, dialect: plan.dialect, ctx: cctx, provider: provider.name, timeoutMs: runtime.settings.timeoutMs };
    if (built.stream) {
      const hooks = plan.chain.hasStreamHooks ? plan.chain.stream(tctx) : undefined;
      const body = await convertOwnStreamReadingAhead({ ...streamOptions, hooks, onDone: (outcome) => done(outcome.usage, outcome) });
      return new Response(body, { headers: sseHeaders(route) });
    }
    const message = plan.chain.response(await assembleOwnStream(call, streamOptions), tctx);
    done(message.usage, undefined, message.content);
    return new Response(JSON.stringify(message), { headers: jsonHeaders(route) });
  }

  // A JSON answer never reads the upstream's headers (Bun builds them on first access).
  if (built.stream && upstream.body && (upstream.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const onStreamDone = (outcome: StreamOutcome) => done(outcome.usage, outcome);
    const body = plan.passthrough
      ? pipeUpstreamStream(call, { provider: provider.name, timeoutMs: runtime.settings.timeoutMs, onDone: onStreamDone })
      : convertUpstreamStream({
          call,
          dialect: plan.dialect,
          ctx: cctx,
          hooks: plan.chain.hasStreamHooks ? plan.chain.stream(tctx) : undefined,
          provider: provider.name,
          timeoutMs: runtime.settings.timeoutMs,
          onDone: onStreamDone,
        });
    return new Response(body, { headers: sseHeaders(route) });
  }

  let text: string;
  try {
    text = await upstream.text();
  } catch (error) {
    // Silent past the deadline while sending its body is a 504 like any other silence.
    const failure = upstreamFailure(provider.name, call.abortReason(), error, runtime.settings.timeoutMs);
    throw failure.status === 502 ? new ApiError(502, `Provider "${provider.name}" broke off its response: ${describeNetworkError(error)}`) : failure;
  } finally {
    call.finish();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(502, `Provider "${provider.name}" sent a body that is not JSON: ${maskSecrets(text.slice(0, 200), provider.apiKeys)}`);
  }
  if (plan.passthrough && !built.stream) {
    done((parsed as MessageResponse).usage ?? {}, undefined, (parsed as MessageResponse).content);
    return new Response(text, { headers: jsonHeaders(route) });
  }
  const message = plan.chain.response(plan.dialect.convertResponse(plan.chain.upstreamResponse(parsed, tctx), cctx), tctx);
  done(message.usage, undefined, message.content);
  // A provider that ignored `stream: true` and answered JSON: replay the message as events.
  if (built.stream) return new Response(encodeEvents(messageToEvents(message)), { headers: sseHeaders(route) });
  return new Response(JSON.stringify(message), { headers: jsonHeaders(route) });
}

/** The provider's status and its own words, any key it echoed masked, `retry-after` kept. */
function upstreamError(provider: ProviderRuntime, upstream: Response, providerMessage: string): ApiError {
  const message = maskSecrets(providerMessage || upstream.statusText || 'no message', provider.apiKeys);
  const retryAfter = upstream.headers.get('retry-after');
  return new ApiError(upstream.status, `Provider "${provider.name}" answered ${upstream.status}: ${message}`, {
    headers: retryAfter ? { 'retry-after': retryAfter } : {},
  });
}

const sseHeaders = responseHeadersByRoute({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
const jsonHeaders = responseHeadersByRoute({ 'content-type': 'application/json' });
