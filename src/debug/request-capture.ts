/**
 * What `debug.saveRequests` and `debug.traceRequests` see of one request: the client's request,
 * the routing decision, each upstream exchange (the converted request as sent, the provider's
 * answer as received, a stream read to its end through a copy), and the answer the client got.
 * Built only when one of the two is on: with both off, no request pays for any of it. Trace lines
 * are logged at `debug` as each step happens; the saved file is written once everything is in.
 */
import type { DebugSettings } from '../config/observability';
import type { DispatchSummary } from '../dispatch/dispatch';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { maskKey, maskSecrets, type Logger } from '../log';
import type { RouteDecision } from '../router/types';
import type { Runtime } from '../runtime';
import type { RequestUsage } from '../usage/recorder';
import { parseMaybe, reassembleBody, type ReassembledBody } from './reassemble';
import type { SavedRequests } from './saved-requests';
import { isSecretKey } from '../config/mask';

export interface CaptureOptions {
  log: Logger;
  /** Absent: files are not written (traceRequests alone). */
  saved?: SavedRequests;
}

interface Exchange {
  at: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  response?: { status: number; headers: Record<string, string>; ms: number } & ReassembledBody;
  error?: string;
  done?: Promise<void>;
}

/** Headers whose values are credentials: masked to their first and last four characters. */
/** Headers masked in a capture: what the config's masking calls secret (key, token, secret), and credentials by another name. */
const isSecretHeader = (name: string) => isSecretKey(name) || /authorization|cookie/i.test(name);
/** A traced body is cut past this many characters; a saved one is whole. */
const TRACE_BODY_LIMIT = 16_384;

let counter = 0;

/** The factory messages.ts calls per request: undefined while both debug switches are off. */
export function captureFactory(options: CaptureOptions, settingsOf: (runtime: Runtime) => DebugSettings) {
  return (request: Request, body: MessagesRequest, runtime: Runtime): RequestCapture | undefined => {
    const settings = settingsOf(runtime);
    if (!settings.saveRequests && !settings.traceRequests) return undefined;
    return new RequestCapture(request, body, secretsOf(runtime), { log: options.log, trace: settings.traceRequests, saved: settings.saveRequests ? options.saved : undefined });
  };
}

export class RequestCapture {
  readonly id = `req_${Date.now().toString(36)}_${(++counter).toString(36)}`;
  private readonly at = Date.now();
  private readonly started = performance.now();
  private readonly exchanges: Exchange[] = [];
  private readonly clientRequest: { method: string; url: string; headers: Record<string, string>; body: MessagesRequest };
  private decision: RouteDecision | undefined;
  private clientResponse: Promise<ReassembledBody & { status: number; headers: Record<string, string> }> | undefined;
  private outcome: Record<string, unknown> | undefined;
  private failedWith = false;
  private savedOnce = false;
  /** The saved file's path, once written (tests wait on it). */
  saved: Promise<string | undefined> | undefined;

  constructor(
    request: Request,
    body: MessagesRequest,
    private readonly secrets: readonly string[],
    private readonly options: { log: Logger; trace: boolean; saved?: SavedRequests },
  ) {
    this.clientRequest = { method: request.method, url: pathOf(request.url), headers: maskHeaders(request.headers), body };
    this.trace('client request', {
      model: body.model,
      stream: body.stream === true,
      messages: body.messages.length,
      tools: body.tools?.length ?? 0,
      max_tokens: body.max_tokens,
      thinking: body.thinking?.type,
    });
  }

  routed(decision: RouteDecision): void {
    this.decision = decision;
    this.trace('routed', { category: decision.category, rule: decision.rule, tokens: decision.tokenCount, targets: decision.targets.map((target) => `${target.provider},${target.model}`) });
  }

  /** A fetch that records each upstream exchange; the answer's body is read through a copy, as ccr reads it. */
  fetchThrough(base: typeof fetch): typeof fetch {
    const capturing = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const sentAt = performance.now();
      const exchange: Exchange = {
        at: new Date().toISOString(),
        url: String(input instanceof Request ? input.url : input),
        method: init?.method ?? 'GET',
        headers: maskHeaders(new Headers(init?.headers)),
        body: typeof init?.body === 'string' ? parseMaybe(init.body) : init?.body === undefined ? undefined : '(not text)',
      };
      this.exchanges.push(exchange);
      this.trace('upstream request', { url: exchange.url, headers: exchange.headers, body: this.clip(init?.body) });
      let response: Response;
      try {
        response = await base(input, init);
      } catch (error) {
        exchange.error = error instanceof Error ? error.message : String(error);
        this.trace('upstream failed', { url: exchange.url, error: exchange.error });
        throw error;
      }
      const contentType = response.headers.get('content-type') ?? '';
      const answer = { status: response.status, headers: maskHeaders(response.headers), ms: round(performance.now() - sentAt) };
      exchange.response = answer;
      this.trace('upstream response', { url: exchange.url, status: response.status, contentType, ms: answer.ms });
      if (!response.body) return response;
      const [forCcr, forCapture] = response.body.tee();
      exchange.done = new Response(forCapture)
        .bytes()
        .then((bytes) => {
          Object.assign(answer, reassembleBody(bytes, contentType));
          this.trace('upstream body', { url: exchange.url, bytes: bytes.length, body: this.clip(new TextDecoder().decode(bytes.subarray(0, TRACE_BODY_LIMIT + 1))) });
        })
        .catch((error: unknown) => {
          exchange.error = `reading the answer: ${error instanceof Error ? error.message : String(error)}`;
        });
      return new Response(forCcr, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
    return capturing as typeof fetch;
  }

  /** The answer the client gets, read through a copy; the client's own stream is untouched. */
  response(response: Response): Response {
    if (!response.body) return response;
    const [forClient, forCapture] = response.body.tee();
    const contentType = response.headers.get('content-type') ?? '';
    const status = response.status;
    const headers = maskHeaders(response.headers);
    this.clientResponse = new Response(forCapture)
      .bytes()
      .then((bytes) => {
        this.trace('client body', { bytes: bytes.length, body: this.clip(new TextDecoder().decode(bytes.subarray(0, TRACE_BODY_LIMIT + 1))) });
        return { status, headers, ...reassembleBody(bytes, contentType) };
      })
      .catch((error: unknown) => ({ status, headers, body: `(not read: ${error instanceof Error ? error.message : String(error)})` }));
    this.saveWhenComplete();
    return new Response(forClient, { status, headers: response.headers });
  }

  completed(summary: DispatchSummary, usage: RequestUsage | undefined): void {
    this.outcome = {
      status: summary.status,
      provider: summary.provider,
      model: summary.model,
      streamStatus: summary.streamStatus ?? 'ok',
      ...(summary.errorMessage && { error: summary.errorMessage }),
      usage: summary.usage,
      warnings: summary.warnings,
      hops: summary.hops,
      ms: round(performance.now() - this.started),
      ...(usage && { session: usage.sessionId }),
    };
    this.trace('response', this.outcome);
    this.saveWhenComplete();
  }

  failed(error: unknown, usage: RequestUsage | undefined): void {
    this.failedWith = true;
    this.outcome = {
      status: usage?.status ?? 500,
      error: error instanceof Error ? error.message : String(error),
      ms: round(performance.now() - this.started),
      ...(usage && { session: usage.sessionId, provider: usage.provider, model: usage.model, hops: usage.hops }),
    };
    this.trace('failed', this.outcome);
    this.saveWhenComplete();
  }

  /** Saved once the outcome is known and, for an answer, its copy has been read to the end. */
  private saveWhenComplete(): void {
    const saved = this.options.saved;
    if (!saved || this.savedOnce || this.outcome === undefined || (!this.failedWith && this.clientResponse === undefined)) return;
    this.savedOnce = true;
    this.saved = Promise.all([this.clientResponse, ...this.exchanges.map((exchange) => exchange.done)]).then(([response]) =>
      saved.save(this.at, this.record(response), this.secrets),
    );
  }

  private record(response: unknown): object {
    return {
      id: this.id,
      at: new Date(this.at).toISOString(),
      outcome: this.outcome,
      request: this.clientRequest,
      ...(this.decision && {
        route: { category: this.decision.category, rule: this.decision.rule, tokenCount: this.decision.tokenCount, targets: this.decision.targets },
      }),
      upstream: this.exchanges.map(({ done: _done, ...exchange }) => exchange),
      ...(response !== undefined && { response }),
    };
  }

  /** A body for a trace line: cut past the limit, keys masked. */
  private clip(body: unknown): string | undefined {
    if (body === undefined) return undefined;
    if (typeof body !== 'string') return '(not text)';
    return maskSecrets(body.length > TRACE_BODY_LIMIT ? `${body.slice(0, TRACE_BODY_LIMIT)}… (cut)` : body, this.secrets);
  }

  private trace(step: string, fields: object): void {
    if (this.options.trace) this.options.log.debug({ request: this.id, step, ...fields }, `trace: ${step}`);
  }
}

function maskHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = isSecretHeader(name) ? maskCredential(value) : value;
  });
  return out;
}

/** `Bearer sk-…` keeps its scheme; the credential is masked. */
function maskCredential(value: string): string {
  const scheme = /^(bearer|basic)\s+/i.exec(value);
  return scheme ? `${scheme[0]}${maskKey(value.slice(scheme[0].length))}` : maskKey(value);
}

/** Every key the runtime knows (providers' and the router's own), masked wherever it appears in a saved file. */
const secretsByRuntime = new WeakMap<Runtime, string[]>();
function secretsOf(runtime: Runtime): string[] {
  let secrets = secretsByRuntime.get(runtime);
  if (secrets === undefined) {
    secrets = [...runtime.providers.values()].flatMap((provider) => provider.apiKeys);
    if (runtime.settings.apiKey) secrets.push(runtime.settings.apiKey);
    secretsByRuntime.set(runtime, secrets);
  }
  return secrets;
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start === -1 ? '/' : url.slice(start);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
