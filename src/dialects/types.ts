/**
 * The contract every wire format implements (ARCHITECTURE.md, "dialects"). Conversions are pure:
 * no I/O, no clock, no module-level state; everything a request needs lives in its context.
 */
import type { ErrorBody, MessageResponse, MessagesRequest, StreamEvent } from './anthropic/types';
import type { SystemMessagePlacement } from './system-messages';
import type { ToolNameMap } from './tool-names';

export type DialectId = 'anthropic' | 'openai' | 'gemini' | 'codewhisperer';

/** Per-request state shared by the request, response and stream sides of one conversion. */
export interface ConversionContext {
  /** The model id the upstream receives (the routed one, not what the client asked for). */
  model: string;
  /** The model name the client asked for; responses report it back unchanged. */
  requestedModel: string;
  /** Injected so that tests are deterministic. `msg_…` and `toolu_…` ids come from here. */
  generateId: (prefix: 'msg' | 'toolu') => string;
  /** Tool names the upstream would refuse, mapped to safe ones on the way out and back on the way in. */
  toolNames: ToolNameMap;
  /** What a converter could not carry, so nothing is dropped silently. */
  warnings: string[];
  /** Where system messages inside `messages` go for this upstream (system-messages.ts). */
  systemMessages: SystemMessagePlacement;
  /**
   * The provider's `api_base_url`, for a dialect whose body depends on which of its endpoints is
   * called (CodeWhisperer: the IDE's REST endpoint or kiro-cli's awsJson1.0 one name a different `origin`).
   */
  baseUrl?: string;
}

/**
 * A pure state machine: one upstream event in, zero or more Anthropic events out.
 * It must emit exactly Anthropic's event grammar (dense indexes, no interleaved blocks, one
 * message_start, message_delta + message_stop once at the end).
 */
export interface StreamConverter<Chunk = unknown> {
  push(chunk: Chunk): StreamEvent[];
  /** Upstream finished (or stopped without saying so): close open blocks, message_delta, message_stop. */
  end(): StreamEvent[];
}

export interface Endpoint {
  url: string;
  headers: Record<string, string>;
}

export interface EndpointInput {
  /** `api_base_url` exactly as configured. */
  baseUrl: string;
  model: string;
  stream: boolean;
  apiKey: string;
  /**
   * How the key is presented where a dialect supports both: Anthropic's own `x-api-key` (the
   * default) or `Authorization: Bearer`, which some Anthropic-compatible endpoints require.
   */
  authScheme?: 'x-api-key' | 'bearer';
}

export interface Dialect<Body = unknown, Response = unknown, Chunk = unknown> {
  readonly id: DialectId;
  /** Where the request goes and how it authenticates. */
  endpoint(input: EndpointInput): Endpoint;
  convertRequest(request: MessagesRequest, ctx: ConversionContext): Body;
  convertResponse(response: Response, ctx: ConversionContext): MessageResponse;
  createStreamConverter(ctx: ConversionContext): StreamConverter<Chunk>;
  /**
   * Decides what one SSE `data:` payload means: a chunk to convert, the end of the stream
   * (OpenAI's `[DONE]`), or an error the provider reported inside the stream.
   */
  readStreamData(data: string, event: string | undefined): StreamData<Chunk>;
  /** The provider's own error message out of a non-2xx body, kept intact for the user. */
  readErrorMessage(bodyText: string): string;
  /**
   * For a provider whose stream is not SSE (CodeWhisperer's AWS event-stream): its own reader of
   * the response bytes. A dialect with one always streams upstream; dispatch reads its body with
   * it whether or not the client asked for a stream. Without one, the body is SSE read with
   * readStreamData.
   */
  createStreamReader?(): StreamReader<Chunk>;
}

/** Response bytes → what each complete upstream event means, for any chunk boundary. One per response. */
export interface StreamReader<Chunk> {
  push(bytes: Uint8Array): StreamData<Chunk>[];
  /** The body ended: whatever was pending (an event cut short is an error). */
  end(): StreamData<Chunk>[];
}

export type StreamData<Chunk> =
  | { kind: 'chunk'; chunk: Chunk }
  | { kind: 'done' }
  | { kind: 'skip' }
  | { kind: 'error'; error: ErrorBody };

/** Shared, frozen: readStreamData runs once per chunk and these carry nothing. */
export const STREAM_SKIP: StreamData<never> = Object.freeze({ kind: 'skip' });
export const STREAM_DONE: StreamData<never> = Object.freeze({ kind: 'done' });
