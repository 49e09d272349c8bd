/**
 * `POST /v1/messages` and `POST /v1/messages/count_tokens`, as Anthropic serves them.
 * The body arrives as raw text (read-body.ts) and is parsed and validated once here. Routing
 * decides the targets; dispatch does the rest.
 */
import { Elysia } from 'elysia';
import { dispatch, type DispatchSummary } from '../dispatch/dispatch';
import type { ConversionContext } from '../dialects/types';
import { logInfoLine, type Logger } from '../log';
import type { RouteContext, RouteDecision, RouterLog } from '../router/types';
import { SESSION_HEADER, sessionIdOf } from '../router/session';
import type { Runtime } from '../runtime';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { countRequestTokens } from '../tokens/count';
import type { LiveState } from '../state/live';
import type { RequestCapture } from '../debug/request-capture';
import type { RequestStats } from '../stats/request-stats';
import { RequestTiming } from '../stats/request-timing';
import type { RequestUsage, UsageRecorder } from '../usage/recorder';
import { completedRequestUsage, failedRequestUsage } from '../usage/request-usage';
import type { SessionTokens } from '../usage/session-tokens';
import { ApiError } from './errors';
import { headersOf } from './headers';
import { generateId as defaultGenerateId } from './ids';
import { countTokensDoc, messagesDoc } from './openapi';
import { rawBodyPlugin } from './read-body';
import { SERVER_TIMING } from './server-timing';
import { parseJsonBody, validateCountTokensRequest, validateMessagesRequest } from './validate-request';

export interface MessagesDeps {
  getRuntime: () => Runtime;
  sessions: SessionTokens;
  log: Logger;
  /** Round-robin counters of the router: live state that outlives config reloads. */
  roundRobin: Map<string, number>;
  /** Key and provider health, switches, session pins: what ccr learns while it runs. */
  liveState: LiveState;
  generateId?: ConversionContext['generateId'];
  fetch?: typeof fetch;
  random?: () => number;
  /** Waits between retries on one key; injected so that tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Usage accounting (usage/recorder.ts); absent, nothing is recorded. */
  usage?: Pick<UsageRecorder, 'record'>;
  /** Live statistics (src/stats): the dashboard, /api/stats, /metrics. */
  stats?: Pick<RequestStats, 'opened' | 'completed'>;
  /** A capture of the request and its upstream exchanges when `debug` asks for one (src/debug); undefined otherwise. */
  capture?: (request: Request, body: MessagesRequest, runtime: Runtime) => RequestCapture | undefined;
}

export function messagesPlugin(deps: MessagesDeps) {
  return new Elysia({ name: 'messages' })
    .use(rawBodyPlugin(() => deps.getRuntime().settings.bodyLimitBytes))
    // Timed from the request's arrival (server-timing.ts stamps it), its body read included.
    .post('/v1/messages', (context) => handleMessages(context.text, context.request, deps, (context as { ccrStarted?: number }).ccrStarted), {
      parse: 'none',
      rawBody: true,
      detail: messagesDoc,
    })
    .post('/v1/messages/count_tokens', ({ text }) => handleCountTokens(text), { parse: 'none', rawBody: true, detail: countTokensDoc });
}

/** `POST /v1/messages`; a request refused before routing is thrown as ApiError, one that failed after answers its error itself. */
async function handleMessages(text: string, request: Request, deps: MessagesDeps, arrived?: number): Promise<Response> {
  const timing = new RequestTiming(arrived);
  const { started } = timing;
  const runtime = deps.getRuntime();
  const records = deps.usage !== undefined || deps.stats !== undefined;
  /** The request is over: its record to usage accounting and the stats (both queue it only). */
  const recorded = (usage: RequestUsage, opened: boolean) => {
    deps.usage?.record(usage);
    deps.stats?.completed(usage, timing, opened);
    return usage;
  };
  let body: MessagesRequest;
  try {
    body = validateMessagesRequest(parseJsonBody(text));
    if (runtime.providers.size === 0) throw noProviderConfigured(runtime);
  } catch (error) {
    if (records) recorded(failedRequestUsage({ request, error, latencyMs: elapsed(started) }), false);
    throw error;
  }

  deps.stats?.opened(body.stream === true);
  const capture = deps.capture?.(request, body, runtime);
  const context = new RequestRouteContext(request, body, deps, runtime.config);
  let decision: RouteDecision | undefined;
  let failure: { provider: string; model: string; hops: number } | undefined;
  try {
    const routing = runtime.router.route(body, context);
    // Only a custom router makes routing wait for anything.
    decision = routing instanceof Promise ? await routing : routing;
    const routed = decision;
    capture?.routed(routed);
    const response = await dispatch({
      request: routed.request,
      targets: routed.targets,
      runtime,
      live: deps.liveState,
      // Only a stream links the client's signal: reading request.signal makes Bun track the request
      // for an abort, which cost a non-streamed request about a tenth of its throughput (A/B on
      // the bench's c=32 load). A stream can run for minutes and must stop upstream when its client
      // leaves; a non-streamed one (Claude Code's short background calls) runs to its end.
      clientSignal: body.stream === true ? request.signal : undefined,
      client: request,
      category: routed.category,
      generateId: deps.generateId ?? defaultGenerateId,
      fetch: capture ? capture.fetchThrough(deps.fetch ?? fetch) : deps.fetch,
      random: deps.random,
      sleep: deps.sleep,
      trace: timing,
      log: deps.log,
      sessionId: () => context.sessionId,
      longContextTargets: () => runtime.router.targetsFor('longContext', context),
      onDone: (summary) => {
        const ms = elapsed(started);
        logRequest(deps.log, routed, summary, ms, body.stream === true);
        // Queued only: written in a batch later (usage/recorder.ts), counted a moment later (stats/request-stats.ts).
        const usage = records ? recorded(completedRequestUsage({ request, body, decision: routed, summary, started, latencyMs: ms }), true) : undefined;
        capture?.completed(summary, usage);
        if (!runtime.router.usesSessionTokens) return;
        const input = (summary.usage.input_tokens ?? 0) + (summary.usage.cache_read_input_tokens ?? 0) + (summary.usage.cache_creation_input_tokens ?? 0);
        const id = input > 0 ? context.sessionId : undefined;
        if (id) deps.sessions.set(id, input);
      },
      onFailed: records ? (failed) => (failure = failed) : undefined,
    });
    response.headers.set(SERVER_TIMING, timing.serverTiming());
    return capture ? capture.response(response) : response;
  } catch (error) {
    const usage = records ? recorded(failedRequestUsage({ request, error, latencyMs: elapsed(started), body, decision, failure }), true) : undefined;
    capture?.failed(error, usage);
    // Anything else is a bug: the app's error handler logs its stack and answers 500.
    if (!(error instanceof ApiError)) throw error;
    // Answered here, its line naming the route, rather than by the app's handler, which knows none.
    deps.log.info(
      { route: decision?.category, rule: decision?.rule, targets: decision?.targets.map((t) => `${t.provider},${t.model}`), status: error.status, ms: elapsed(started), error: error.message },
      'request failed',
    );
    const response = error.toResponse();
    response.headers.set(SERVER_TIMING, timing.serverTiming());
    return response;
  }
}

/**
 * What routing may ask of one request, worked out only when asked: Bun builds a request's Headers
 * object on first access (about a microsecond), and most routes read neither the headers (rules
 * do) nor the session (longContext does). A class: one object per request, where an object
 * literal also built two getters and two closures.
 */
class RequestRouteContext implements RouteContext {
  readonly random: () => number;
  readonly roundRobin: Map<string, number>;
  readonly log: RouterLog;
  private headerRecord: Record<string, string> | undefined;
  private session: { id: string | undefined } | undefined;

  constructor(
    private readonly request: Request,
    private readonly body: MessagesRequest,
    private readonly deps: MessagesDeps,
    readonly config: unknown,
  ) {
    this.random = deps.random ?? Math.random;
    this.roundRobin = deps.roundRobin;
    this.log = routerLogOf(deps.log);
  }

  get headers(): Record<string, string> {
    return (this.headerRecord ??= headersOf(this.request));
  }

  get sessionId(): string | undefined {
    return (this.session ??= { id: sessionIdOf(this.body, this.request.headers.get(SESSION_HEADER)) }).id;
  }

  lastInputTokens(sessionId: string): number | undefined {
    return this.deps.sessions.get(sessionId);
  }

  /** health_based routes put blacklisted and failing providers last; the router calls it unbound. */
  readonly isHealthy = (provider: string): boolean => this.deps.liveState.providers.isHealthy(provider);
}

/** Routing's warnings at `warn`; one function per logger, called unbound by the router. */
const routerLogs = new WeakMap<Logger, RouterLog>();
function routerLogOf(log: Logger): RouterLog {
  let routerLog = routerLogs.get(log);
  if (routerLog === undefined) {
    routerLog = (message, fields) => log.warn(fields ?? {}, message);
    routerLogs.set(log, routerLog);
  }
  return routerLog;
}

/** `POST /v1/messages/count_tokens`; failures are thrown as ApiError. */
function handleCountTokens(text: string): Response {
  return Response.json({ input_tokens: countRequestTokens(validateCountTokensRequest(parseJsonBody(text))) });
}

function logRequest(log: Logger, decision: RouteDecision, summary: DispatchSummary, ms: number, stream: boolean): void {
  logInfoLine(
    log,
    {
      route: decision.category,
      rule: decision.rule,
      tokens: decision.tokenCount,
      provider: summary.provider,
      model: summary.model,
      status: summary.status,
      stream,
      ms,
      input_tokens: summary.usage.input_tokens,
      output_tokens: summary.usage.output_tokens,
      cache_read_tokens: summary.usage.cache_read_input_tokens ?? undefined,
      stream_status: summary.streamStatus === 'ok' ? undefined : summary.streamStatus,
      error: summary.errorMessage,
      warnings: summary.warnings.length > 0 ? summary.warnings : undefined,
    },
    'request',
  );
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

function noProviderConfigured(runtime: Runtime): ApiError {
  const where = runtime.configPath ?? 'a config file (CONFIG_PATH, ./config.json or ~/.claude-code-router/config.json)';
  return new ApiError(
    400,
    `ccr has no provider configured. Add one under "Providers" and set "Router.default" in ${where}, then restart ccr. See config.example.json.`,
  );
}
