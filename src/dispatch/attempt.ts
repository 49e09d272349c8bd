/**
 * One attempt: the request converted for one target's dialect, sent with one key, and what came
 * back converted for the client. It answers a Response (the client's, ready to send) or a failure
 * as a value: the ApiError the client would see and what it means for the next attempt
 * (failure.ts). Converted streams are read ahead to their first content, so an error at the start
 * of a 200 stream is a failure here, while another attempt can still be made.
 */
import type { MessageResponse, MessagesRequest, ResponseContentBlock, Usage } from '../dialects/anthropic/types';
import type { ConversionContext } from '../dialects/types';
import { ApiError } from '../http/errors';
import { maskSecrets, type Logger } from '../log';
import type { ProviderRuntime, Runtime } from '../runtime';
import { encodeEvents } from '../sse/encode';
import { messageToEvents } from '../sse/message-to-events';
import { buildUpstreamCall, type ClientRequest } from './build-call';
import type { BearerCredential } from './credential';
import { convertUpstreamStream, type StreamOutcome } from './convert-stream';
import { classifyResponse, type Failure, type FailureKind } from './failure';
import { pipeUpstreamStream } from './pipe-stream';
import { assembleStream, convertStreamReadingAhead } from './read-ahead';
import { responseHeadersByRoute } from './response-headers';
import { callUpstream, describeNetworkError, upstreamFailure, type UpstreamTrace } from './upstream';

export interface AttemptInput {
  request: MessagesRequest;
  runtime: Runtime;
  provider: ProviderRuntime;
  model: string;
  /** The key to send; '' for a provider that takes none (a local server), or that uses `credential`. */
  apiKey: string;
  /** A bearer credential (Kiro) to send instead of `apiKey`: refreshed before the call, once more on a refused token. */
  credential?: BearerCredential;
  clientSignal?: AbortSignal;
  client?: ClientRequest;
  generateId: ConversionContext['generateId'];
  /** The routing category, named with the target in `x-ccr-route`. */
  category: string;
  fetch?: typeof fetch;
  trace?: UpstreamTrace;
  /** At `debug`, each call is logged: where it went, how it answered, how it was converted. */
  log?: Pick<Logger, 'debug' | 'isLevelEnabled'>;
  /** Called once the answer is complete (after a stream's last byte). */
  onDone: (answer: AttemptAnswer) => void;
}

/** What an answered attempt reports once the client has it all. */
export interface AttemptAnswer {
  usage: Partial<Usage>;
  warnings: string[];
  streamStatus?: StreamOutcome['status'];
  errorMessage?: string;
  /** `performance.now()` when the first byte went to the client (a JSON answer's whole body goes at once). */
  firstByteAt: number;
  /** The answer, for counting its tokens when the upstream did not (usage/estimate.ts). */
  content?: readonly ResponseContentBlock[];
  streamedText?: readonly string[];
}

export type AttemptResult = { ok: true; response: Response } | { ok: false; error: ApiError; failure: Failure };

export async function attempt(input: AttemptInput, refreshed = false): Promise<AttemptResult> {
  const { runtime, provider, model } = input;
  const { settings } = runtime;
  try {
    // A refreshed bearer token (Kiro) stands in for the key.
    const credential = input.credential ? await input.credential.current() : undefined;
    const built = buildUpstreamCall({
      request: input.request,
      provider,
      model,
      apiKey: credential?.token ?? input.apiKey,
      generateId: input.generateId,
      credentialFields: credential?.bodyFields,
      client: input.client,
    });
    const { plan, cctx, tctx } = built;
    const sentAt = performance.now();
    const call = await callUpstream({
      provider: provider.name,
      url: built.url,
      headers: built.headers,
      body: built.body,
      timeoutMs: settings.timeoutMs,
      idleTimeoutMs: settings.streamIdleTimeoutMs,
      clientSignal: input.clientSignal,
      proxyUrl: settings.proxyUrl,
      fetch: input.fetch,
      trace: input.trace,
    });
    const upstream = call.response;
    if (input.log?.isLevelEnabled('debug')) {
      input.log.debug(
        { provider: provider.name, model, url: maskSecrets(built.url, provider.apiKeys), status: upstream.status, ms: Math.round(performance.now() - sentAt), dialect: plan.dialect.id, transformers: plan.chain.names, stream: built.stream },
        'upstream answered',
      );
    }
    const route = `${input.category}; ${provider.name},${model}`;
    const done = (usage: Partial<Usage>, outcome?: StreamOutcome, content?: readonly ResponseContentBlock[]) =>
      input.onDone({
        usage,
        warnings: tctx.warnings,
        streamStatus: outcome?.status,
        errorMessage: outcome?.errorMessage,
        firstByteAt: outcome?.firstByteAt ?? performance.now(),
        // The answer is kept for counting only when the upstream did not count it.
        content: usage.output_tokens ? undefined : content,
        streamedText: usage.output_tokens ? undefined : outcome?.streamedText,
      });

    if (!upstream.ok) {
      const text = await upstream.text().catch(() => '');
      call.finish();
      // A refused token that the credential could refresh: one more try.
      if (input.credential && (await input.credential.rejected(upstream.status, text, !refreshed))) return attempt(input, true);
      const message = maskSecrets(plan.dialect.readErrorMessage(text) || upstream.statusText || 'no message', provider.apiKeys);
      const failure = classifyResponse(upstream, message, Date.now());
      return { ok: false, failure, error: upstreamError(provider.name, upstream, message) };
    }

    const streamOptions = { call, dialect: plan.dialect, ctx: cctx, provider: provider.name, timeoutMs: settings.streamIdleTimeoutMs };
    // A provider with a stream framing of its own answers every request with it.
    if (plan.dialect.createStreamReader && upstream.body && !built.stream) {
      const message = plan.chain.response(await assembleStream(call, streamOptions), tctx);
      done(message.usage, undefined, message.content);
      return answered(new Response(JSON.stringify(message), { headers: jsonHeaders(route) }));
    }

    // A JSON answer never reads the upstream's headers (Bun builds them on first access).
    const streaming = built.stream && upstream.body && (plan.dialect.createStreamReader || (upstream.headers.get('content-type') ?? '').includes('text/event-stream'));
    if (streaming) {
      const onDone = (outcome: StreamOutcome) => done(outcome.usage, outcome);
      const body = plan.passthrough
        ? pipeUpstreamStream(call, { provider: provider.name, timeoutMs: settings.streamIdleTimeoutMs, onDone })
        : await convertStreamReadingAhead({ ...streamOptions, hooks: plan.chain.hasStreamHooks ? plan.chain.stream(tctx) : undefined, onDone });
      return answered(new Response(body, { headers: sseHeaders(route) }));
    }

    let text: string;
    try {
      text = await upstream.text();
    } catch (error) {
      // Silent past the deadline while sending its body is a 504 like any other silence.
      const failure = upstreamFailure(provider.name, call.abortReason(), error, settings.timeoutMs);
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
      return answered(new Response(text, { headers: jsonHeaders(route) }));
    }
    const message = plan.chain.response(plan.dialect.convertResponse(plan.chain.upstreamResponse(parsed, tctx), cctx), tctx);
    done(message.usage, undefined, message.content);
    // A provider that ignored `stream: true` and answered JSON: replay the message as events.
    if (built.stream) return answered(new Response(encodeEvents(messageToEvents(message)), { headers: sseHeaders(route) }));
    return answered(new Response(JSON.stringify(message), { headers: jsonHeaders(route) }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, error, failure: { kind: failureKindOf(error), status: error.status, message: error.message } };
  }
}

const answered = (response: Response): AttemptResult => ({ ok: true, response });

/**
 * What a failure ccr met itself means: 499 the client left, 504 silence, 502 unreachable or a
 * broken answer; an error the provider reported at the start of its stream, by its status.
 */
function failureKindOf(error: ApiError): FailureKind {
  switch (error.status) {
    case 499:
      return 'client_gone';
    case 504:
      return 'timeout';
    case 502:
      return 'network';
    case 429:
      // A provider that reports throttling inside its stream (CodeWhisperer) means the account's quota.
      return 'rate_limited';
    default:
      return classifyResponse({ status: error.status, headers: new Headers(error.headers) }, error.message, Date.now()).kind;
  }
}

/** The provider's status and its own words, `retry-after` kept. */
function upstreamError(provider: string, upstream: Response, message: string): ApiError {
  const retryAfter = upstream.headers.get('retry-after');
  return new ApiError(upstream.status, `Provider "${provider}" answered ${upstream.status}: ${message}`, {
    headers: retryAfter ? { 'retry-after': retryAfter } : {},
  });
}

const sseHeaders = responseHeadersByRoute({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
const jsonHeaders = responseHeadersByRoute({ 'content-type': 'application/json' });
