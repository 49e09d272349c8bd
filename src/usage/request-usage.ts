/**
 * A request's usage record, from what handleMessages knows when the response completes or fails.
 * Only figures and references are gathered here: counting tokens an upstream did not report waits
 * for the recorder's batch.
 */
import type { MessagesRequest } from '../dialects/anthropic/types';
import type { DispatchSummary } from '../dispatch/dispatch';
import { ApiError } from '../http/errors';
import type { RouteDecision } from '../router/types';
import { countRequestTokens } from '../tokens/count';
import type { RequestUsage } from './recorder';
import { usageSessionOf } from './session';

export interface CompletedRequest {
  request: Request;
  body: MessagesRequest;
  decision: RouteDecision;
  summary: DispatchSummary;
  /** `performance.now()` when the request arrived. */
  started: number;
  latencyMs: number;
}

export function completedRequestUsage({ request, body, decision, summary, started, latencyMs }: CompletedRequest): RequestUsage {
  const { usage } = summary;
  const missingInput = !usage.input_tokens && !usage.cache_read_input_tokens && !usage.cache_creation_input_tokens;
  const missingOutput = !usage.output_tokens;
  return {
    sessionId: usageSessionOf(request.headers, body),
    route: decision.category,
    provider: summary.provider,
    model: summary.model,
    requestedModel: body.model,
    usage,
    estimators:
      missingInput || missingOutput
        ? {
            // Routing may have counted already (longContext): the same count, not counted twice.
            input: missingInput ? () => decision.tokenCount ?? countRequestTokens(decision.request) : undefined,
            output: missingOutput ? { content: summary.content, streamedText: summary.streamedText } : undefined,
          }
        : undefined,
    latencyMs,
    ttftMs: Math.round((summary.firstByteAt - started) * 10) / 10,
    status: summary.status,
    outcome: summary.streamStatus ?? 'ok',
    streamed: body.stream === true,
    hops: summary.hops,
    error: summary.errorMessage,
  };
}

export interface FailedRequest {
  request: Request;
  error: unknown;
  latencyMs: number;
  /** Absent when the body was refused. */
  body?: MessagesRequest;
  decision?: RouteDecision;
  /** The failover walk's last target (dispatch's onFailed); a single target is the decision's. */
  failure?: { provider: string; model: string; hops: number };
}

/** A request that ended in an error status: nothing from a provider to count. */
export function failedRequestUsage({ request, error, latencyMs, body, decision, failure }: FailedRequest): RequestUsage {
  const target = failure ?? (decision?.targets.length === 1 ? { ...decision.targets[0], hops: 0 } : undefined);
  const status = error instanceof ApiError ? error.status : 500;
  return {
    sessionId: usageSessionOf(request.headers, body),
    route: decision?.category,
    provider: target?.provider,
    model: target?.model,
    requestedModel: typeof body?.model === 'string' ? body.model : undefined,
    usage: {},
    latencyMs,
    status,
    // 499: the client left before the answer began.
    outcome: status === 499 ? 'aborted' : 'error',
    streamed: body?.stream === true,
    hops: target?.hops ?? 0,
    error: error instanceof Error ? error.message : String(error),
  };
}
