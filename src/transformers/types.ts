/**
 * One typed interface for every transformer, built-in or loaded from a user's file.
 * A transformer is a definition (`name`, how to build it from options); building it yields hooks,
 * each optional, applied in chain order. Hooks are pure functions of their input and context.
 */
import type { MessageResponse, MessagesRequest, StreamEvent } from '../dialects/anthropic/types';
import type { SystemMessagePlacement } from '../dialects/system-messages';
import type { DialectId } from '../dialects/types';

export type TransformerOptions = Record<string, unknown>;

/** What a hook may know about the call it is part of. */
export interface TransformerContext {
  /** Provider name as configured. */
  provider: string;
  /** Upstream model id. */
  model: string;
  /** The dialect the upstream body is written in. */
  dialect: DialectId;
  /** Messages for the log: what a hook could not carry. */
  warnings: string[];
  /**
   * The Anthropic request: the client's while the `request` hooks run, then as they left it, for
   * later hooks that need what the dialect conversion does not carry (e.g. OpenRouter's
   * `cache_control` breakpoints, the thinking the client asked for).
   */
  request: Readonly<MessagesRequest>;
}

/** Hooks that keep state across one response's stream (e.g. `<think>` tags split across chunks). */
export interface StreamHooks {
  /** Each upstream chunk (provider format, already JSON-parsed) before conversion; return the chunks to convert. */
  chunk?(chunk: unknown): unknown[];
  /** Each Anthropic event after conversion; return the events to send. */
  event?(event: StreamEvent): StreamEvent[];
  /** The stream ended; events still to send before the converter's closing events are appended. */
  end?(): StreamEvent[];
}

export interface TransformerHooks {
  /** Names the wire format; the last transformer of a chain that names one wins. */
  dialect?: DialectId;
  /** How the key is sent where a dialect allows a choice (Anthropic: `x-api-key` or Bearer). Data, not a hook, so a pass-through stays a byte pipe. */
  authScheme?: 'x-api-key' | 'bearer';
  /** Where system messages inside `messages` go (src/dialects/system-messages.ts). Data, like authScheme. */
  systemMessages?: SystemMessagePlacement;
  /** The Anthropic request before dialect conversion. */
  request?(request: MessagesRequest, ctx: TransformerContext): MessagesRequest;
  /** The upstream JSON body after conversion, before it is serialized (once). */
  upstreamBody?(body: Record<string, unknown>, ctx: TransformerContext): Record<string, unknown>;
  /** Headers sent upstream (auth already set). */
  upstreamHeaders?(headers: Record<string, string>, ctx: TransformerContext): Record<string, string>;
  /** A non-streaming upstream JSON response, before dialect conversion. */
  upstreamResponse?(body: unknown, ctx: TransformerContext): unknown;
  /** The Anthropic response after conversion. */
  response?(response: MessageResponse, ctx: TransformerContext): MessageResponse;
  /** Called once per streamed response for hooks that keep per-request state. */
  stream?(ctx: TransformerContext): StreamHooks;
}

export interface TransformerDefinition {
  /** Matched case-insensitively against `use` entries. */
  readonly name: string;
  readonly description?: string;
  /** Documented options, for `GET /api/transformers`. */
  readonly options?: Record<string, string>;
  /** Where it comes from: the module's path; createRegistry stamps the built-ins `builtin`. */
  readonly source?: string;
  create(options: TransformerOptions): TransformerHooks;
}

/** A provider's (and model's) transformers composed in order; what dispatch applies. */
export interface TransformerChain {
  /** Names as resolved, for logs and `/api/transformers`. */
  readonly names: readonly string[];
  /** The dialect named by the chain, if any. */
  readonly dialect: DialectId | undefined;
  readonly authScheme: 'x-api-key' | 'bearer' | undefined;
  /** The placement named by the chain (the last transformer that names one), if any. */
  readonly systemMessages: SystemMessagePlacement | undefined;
  /** True when no hook would change anything: lets the Anthropic pass-through pipe bytes untouched. */
  readonly isEmpty: boolean;
  readonly hasStreamHooks: boolean;
  request(request: MessagesRequest, ctx: TransformerContext): MessagesRequest;
  upstreamBody(body: Record<string, unknown>, ctx: TransformerContext): Record<string, unknown>;
  upstreamHeaders(headers: Record<string, string>, ctx: TransformerContext): Record<string, string>;
  upstreamResponse(body: unknown, ctx: TransformerContext): unknown;
  response(response: MessageResponse, ctx: TransformerContext): MessageResponse;
  stream(ctx: TransformerContext): Required<StreamHooks>;
}
