/**
 * Walks a route's ordered targets: converts the request for the target's dialect, calls it, and
 * converts what comes back. A target that fails before anything reached the client (unreachable,
 * timeout, 429, 5xx) hands over to the next one; the last failure is what the client sees.
 */
import type { MessageResponse, MessagesRequest, Usage } from '../dialects/anthropic/types';
import type { ConversionContext } from '../dialects/types';
import { ToolNameMap } from '../dialects/tool-names';
import { ApiError } from '../http/errors';
import { maskSecrets } from '../log';
import type { ProviderRuntime, Runtime } from '../runtime';
import type { TransformerContext } from '../transformers/types';
import { convertUpstreamStream, type StreamOutcome } from './convert-stream';
import { pipeUpstreamStream } from './pipe-stream';
import { callUpstream } from './upstream';
import { encodeEvents } from '../sse/encode';
import { messageToEvents } from '../sse/message-to-events';
import type { KeyRotation } from './keys';

export interface DispatchTarget {
  provider: string;
  model: string;
}

export interface DispatchInput {
  request: MessagesRequest;
  targets: readonly DispatchTarget[];
  runtime: Runtime;
  keys: KeyRotation;
  clientSignal?: AbortSignal;
  /** The client's headers, lower-case names; Anthropic upstreams get its version and beta flags. */
  clientHeaders?: Record<string, string>;
  generateId: ConversionContext['generateId'];
  fetch?: typeof fetch;
  /** Called once the response is complete (after the last byte of a stream). */
  onDone?: (summary: DispatchSummary) => void;
}

export interface DispatchSummary {
  provider: string;
  model: string;
  status: number;
  usage: Partial<Usage>;
  streamStatus?: StreamOutcome['status'];
  errorMessage?: string;
  warnings: string[];
}

export interface DispatchResult {
  response: Response;
  provider: string;
  model: string;
}

/** Claude Code's beta flags (interleaved thinking, 1M context…) mean something only to Anthropic upstreams. */
const FORWARDED_TO_ANTHROPIC = ['anthropic-version', 'anthropic-beta'] as const;

const RETRYABLE = (status: number) => status === 429 || status === 408 || status >= 500;

export async function dispatch(input: DispatchInput): Promise<DispatchResult> {
  if (input.targets.length === 0) throw new ApiError(500, 'Routing produced no target');
  let lastError: ApiError | undefined;
  for (let i = 0; i < input.targets.length; i++) {
    const target = input.targets[i];
    const provider = input.runtime.providers.get(target.provider.toLowerCase());
    if (!provider) {
      lastError = new ApiError(400, `Unknown provider "${target.provider}"`);
      continue;
    }
    try {
      const response = await callTarget(input, provider, target.model);
      return { response, provider: provider.name, model: target.model };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      lastError = error;
      const more = i < input.targets.length - 1;
      if (!more || error.status === 499 || !RETRYABLE(error.status)) break;
    }
  }
  throw lastError!;
}

async function callTarget(input: DispatchInput, provider: ProviderRuntime, model: string): Promise<Response> {
  const { runtime } = input;
  const plan = provider.plan(model);
  const stream = input.request.stream === true;
  const warnings: string[] = [];
  const tctx: TransformerContext = { provider: provider.name, model, dialect: plan.dialect.id, warnings };
  const cctx: ConversionContext = {
    model,
    requestedModel: input.request.model,
    generateId: input.generateId,
    toolNames: new ToolNameMap(),
    warnings,
  };

  const request = plan.chain.request(input.request, tctx);
  // Body hooks (OpenRouter's cache_control, reasoning knobs) need what the client asked for, not only the converted body.
  tctx.request = request;
  const body = plan.chain.upstreamBody(plan.dialect.convertRequest(request, cctx) as Record<string, unknown>, tctx);
  const apiKey = input.keys.pick(provider.name, provider.apiKeys);
  const endpoint = plan.dialect.endpoint({ baseUrl: provider.baseUrl, model, stream, apiKey, authScheme: plan.chain.authScheme });
  if (plan.dialect.id === 'anthropic' && input.clientHeaders) {
    for (const name of FORWARDED_TO_ANTHROPIC) {
      const value = input.clientHeaders[name];
      if (value) endpoint.headers[name] = value;
    }
  }
  const headers = plan.chain.upstreamHeaders(endpoint.headers, tctx);

  const call = await callUpstream({
    provider: provider.name,
    url: endpoint.url,
    headers,
    body: JSON.stringify(body),
    timeoutMs: runtime.settings.timeoutMs,
    clientSignal: input.clientSignal,
    proxyUrl: runtime.settings.proxyUrl,
    fetch: input.fetch,
  });
  const upstream = call.response;
  const done = (status: number, usage: Partial<Usage>, extra: Partial<DispatchSummary> = {}) =>
    input.onDone?.({ provider: provider.name, model, status, usage, warnings, ...extra });

  if (!upstream.ok) {
    const text = await upstream.text().catch(() => '');
    call.finish();
    const message = maskSecrets(plan.dialect.readErrorMessage(text) || upstream.statusText || 'no message', provider.apiKeys);
    const retryAfter = upstream.headers.get('retry-after');
    throw new ApiError(upstream.status, `Provider "${provider.name}" answered ${upstream.status}: ${message}`, {
      headers: retryAfter ? { 'retry-after': retryAfter } : {},
    });
  }

  const isEventStream = (upstream.headers.get('content-type') ?? '').includes('text/event-stream');
  if (stream && isEventStream && upstream.body) {
    const onStreamDone = (outcome: StreamOutcome) =>
      done(200, outcome.usage, { streamStatus: outcome.status, errorMessage: outcome.errorMessage });
    const body =
      plan.passthrough
        ? pipeUpstreamStream(call, provider.name, onStreamDone)
        : convertUpstreamStream({
            call,
            dialect: plan.dialect,
            ctx: cctx,
            hooks: plan.chain.hasStreamHooks ? plan.chain.stream(tctx) : undefined,
            provider: provider.name,
            timeoutMs: runtime.settings.timeoutMs,
            onDone: onStreamDone,
          });
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  }

  let parsed: unknown;
  const text = await upstream.text().catch((error: unknown) => {
    throw new ApiError(502, `Provider "${provider.name}" broke off its response: ${error instanceof Error ? error.message : String(error)}`);
  }).finally(() => call.finish());
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(502, `Provider "${provider.name}" sent a body that is not JSON: ${text.slice(0, 200)}`);
  }
  if (plan.passthrough && !stream) {
    const usage = (parsed as MessageResponse).usage ?? {};
    done(200, usage);
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  const message = plan.chain.response(plan.dialect.convertResponse(plan.chain.upstreamResponse(parsed, tctx), cctx), tctx);
  done(200, message.usage);
  if (stream) return new Response(messageAsEvents(message), { status: 200, headers: SSE_HEADERS });
  return Response.json(message);
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/** A provider that ignored `stream: true` and answered JSON: replay the message as events. */
function messageAsEvents(message: MessageResponse): Uint8Array {
  return encodeEvents(messageToEvents(message));
}
