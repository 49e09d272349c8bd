/**
 * A small HTTP/1.1 client for plain-`http:` upstreams (Ollama, LM Studio, vLLM, llama.cpp and other
 * servers on the same machine or network), on Bun's TCP sockets in the main thread. Bun's fetch runs
 * every call on its HTTP thread and hands the response back across threads: on the bench's c=32 load
 * that cost about 13 µs of CPU per request more than this client, which reads the socket where the
 * answer is used (bench/README.md). `https:` upstreams, PROXY_URL and anything unusual stay on
 * fetch (upstream.ts chooses).
 *
 * What it does: keep-alive connections pooled per origin (idle ones closed after a few seconds, or
 * sooner when the server says so), one request per connection at a time, request bodies written
 * with backpressure, responses framed by length, chunks or close (response-parser.ts), streamed
 * bodies, aborting, answers compressed despite `accept-encoding: identity` decoded, and one retry
 * on a fresh connection when a reused one turns out to have been closed by the server before it
 * answered. It answers with the part of fetch's `Response` that dispatch reads (`Http1Response`).
 */
import type { Socket, SocketHandler } from 'bun';
import { ConnectionPool, type PooledConnection } from './connection-pool';
import { Http1Response, responseOf } from './http1-response';
import { headerValue } from './response-head';
import { parseTarget, serializeRequest, type Http1Init, type SerializedRequest, type Target } from './request-head';
import { bytesOf, HttpParseError, ResponseParser, type BodyRange, type ParseEvent, type ResponseHead } from './response-parser';

export type { Http1Init, Http1Response };

/** A request under way: its response, and the way to give up on it (a deadline, a client gone). */
export interface Http1Request {
  readonly response: Promise<Http1Response>;
  /** Drops the connection; the response (or its body, if it was handed over) fails with `reason`. */
  abort(reason?: unknown): void;
}

/**
 * One request, from the first byte written to the last byte of the answer, across at most two
 * connections (see `retried`). Aborting goes through this object rather than an AbortSignal: a
 * signal and its listener cost more than the rest of the exchange on this client.
 */
class Exchange implements Http1Request {
  readonly response: Promise<Http1Response>;
  /** Set once the head arrived and a streamed body began: chunks go here. */
  stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  head: ResponseHead | undefined;
  /** The response promise is resolved or rejected. */
  settled = false;
  /** The connection carrying it now; undefined while connecting and once it ended. */
  connection: Connection | undefined;
  aborted = false;
  /** A fresh connection is tried once if a reused one was closed before answering. */
  retried = false;
  /** Settles the stream's pending pull: something was enqueued, or the body ended. */
  pulling: (() => void) | undefined;
  private resolveResponse!: (response: Http1Response) => void;
  private rejectResponse!: (error: unknown) => void;
  /** Body bytes that arrived before the response was handed over: nearly always one range, so no array for it. */
  private firstRange: BodyRange | undefined;
  private moreRanges: BodyRange[] | undefined;

  constructor(
    readonly client: Http1Client,
    readonly target: Target,
    readonly request: SerializedRequest,
  ) {
    this.response = new Promise<Http1Response>((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
  }

  abort(reason: unknown = new DOMException('The operation was aborted.', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    if (this.connection !== undefined) this.connection.fail(reason);
    else this.reject(reason); // still connecting: the connection is dropped when it opens
  }

  resolve(response: Http1Response): void {
    this.settled = true;
    this.resolveResponse(response);
  }

  reject(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectResponse(error);
  }

  wake(): void {
    const pulling = this.pulling;
    this.pulling = undefined;
    pulling?.();
  }

  /** Body bytes that arrived before the response was handed over. */
  buffer(range: BodyRange): void {
    if (this.firstRange === undefined) this.firstRange = range;
    else (this.moreRanges ??= []).push(range);
  }

  takeBuffered(): BodyRange | null {
    const first = this.firstRange;
    if (first === undefined) return null;
    const more = this.moreRanges;
    this.firstRange = this.moreRanges = undefined;
    if (more === undefined) return first;
    const chunk = Buffer.concat([bytesOf(first), ...more.map(bytesOf)]);
    return { type: 'body', chunk, start: 0, end: chunk.length };
  }
}

/**
 * From this many characters on, a request's body is written apart from its head. Joining the two
 * copies the body into a new string before the socket encodes it; for a Claude Code turn (130 KB)
 * that copy cost about 30 µs more than a second write (in the server: 561 → 521 µs CPU per such
 * request), and below about 32 KB the two were even (bench/README.md, "seventh session").
 */
const SEPARATE_BODY_FROM = 64 * 1024;

/** A socket and what it is doing: `exchange` is undefined while the connection is idle in the pool. */
class Connection implements PooledConnection {
  exchange: Exchange | undefined;
  /** The current exchange's: a new one for each. */
  parser!: ResponseParser;
  socket: Socket<Connection> | undefined;
  /** The request's bytes, once the socket did not take them all at once; then where it stopped. */
  private pending: Uint8Array | undefined;
  private pendingOffset = 0;
  closed = false;
  /** Requests this connection carried: a reused connection may have been closed by the server meanwhile. */
  uses = 0;
  idleSince = 0;
  /** The server's `Keep-Alive: timeout=N`, in ms, if it gave one. */
  keepAliveMs: number | undefined;

  constructor(
    readonly origin: string,
    readonly pool: ConnectionPool<Connection>,
  ) {}

  start(exchange: Exchange): void {
    this.exchange = exchange;
    exchange.connection = this;
    this.uses++;
    this.parser = new ResponseParser();
    const socket = this.socket!;
    const { head, body, headBytes, bytes } = exchange.request;
    let written: number;
    if (body.length < SEPARATE_BODY_FROM) written = socket.write(head + body);
    else {
      written = socket.write(head);
      if (written === headBytes) {
        const more = socket.write(body);
        written = more < 0 ? more : written + more;
      }
    }
    if (written < 0) return this.onClose(new Error('the connection was closed'));
    // The socket took part of it (a large body, a slow reader): the rest goes out as it drains.
    if (written < bytes) {
      this.pending = Buffer.from(head + body);
      this.pendingOffset = written;
    }
  }

  flush(): void {
    const socket = this.socket;
    const pending = this.pending;
    if (socket === undefined || pending === undefined) return;
    const written = socket.write(pending, this.pendingOffset, pending.length - this.pendingOffset);
    if (written < 0) return this.onClose(new Error('the connection was closed'));
    this.pendingOffset += written;
    if (this.pendingOffset >= pending.length) this.pending = undefined;
  }

  onData(bytes: Uint8Array): void {
    const exchange = this.exchange;
    if (exchange === undefined) {
      // Bytes on an idle connection: nothing may be trusted on it any more.
      return this.destroy();
    }
    let events: ParseEvent[];
    try {
      events = this.parser.push(bytes);
    } catch (error) {
      return this.fail(protocolError(error));
    }
    this.handle(exchange, events);
  }

  onClose(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.remove(this);
    const exchange = this.exchange;
    if (exchange === undefined) return;
    let events: ParseEvent[];
    try {
      events = this.parser.close();
    } catch (parseError) {
      // Cut off mid-answer: the socket's own error, if it gave one, says more than the framing.
      return this.fail(error ?? brokenOff(parseError));
    }
    if (events.length > 0) return this.handle(exchange, events);
    // Nothing of an answer arrived. A connection that had served before was most likely closed by
    // the server for being idle just as this request went out: one fresh connection gets it again.
    if (!exchange.settled && !this.parser.started && this.uses > 1 && !exchange.retried) {
      this.detach(exchange);
      exchange.retried = true;
      exchange.client.open(exchange);
      return;
    }
    this.fail(error ?? new Error('the server closed the connection before answering'));
  }

  private handle(exchange: Exchange, events: ParseEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'head':
          exchange.head = event.head;
          this.keepAliveMs = keepAliveTimeout(event.head);
          break;
        case 'body':
          // Bun hands every data event a buffer of its own, so ranges of it can be kept as they are.
          if (exchange.stream === undefined) exchange.buffer(event);
          else {
            // Not paused when unread: Bun's socket sometimes stayed paused after resume() (a stream
            // of small chunks, each pausing, hung within seconds), and a model's stream is a few
            // hundred KB at most, arriving at the pace it is generated.
            exchange.stream.enqueue(bytesOf(event));
            exchange.wake();
          }
          break;
        case 'end':
          this.complete(exchange, event.keepAlive);
          return;
        default: {
          const _exhaustive: never = event;
          return _exhaustive;
        }
      }
    }
    // The head arrived but not the whole body: hand the response over now, the body as a stream.
    if (exchange.head !== undefined && exchange.stream === undefined && !exchange.settled) this.openStream(exchange);
  }

  private openStream(exchange: Exchange): void {
    const buffered = exchange.takeBuffered();
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        exchange.stream = controller;
        if (buffered) controller.enqueue(bytesOf(buffered));
      },
      pull: () => {
        // Bun pulls again only once a pull's promise settles after something was enqueued: a pull
        // that returned at once, having enqueued nothing, would never be repeated (STYLE.md).
        return new Promise<void>((resolve) => (exchange.pulling = resolve));
      },
      cancel: () => {
        // The reader stopped before the end: the rest of the answer would still arrive on this socket.
        if (this.exchange === exchange) this.destroy();
      },
    });
    exchange.resolve(responseOf(exchange.head!, null, body));
  }

  private complete(exchange: Exchange, keepAlive: boolean): void {
    this.detach(exchange);
    exchange.wake();
    if (exchange.stream) exchange.stream.close();
    else exchange.resolve(responseOf(exchange.head!, exchange.takeBuffered()));
    if (keepAlive && !this.closed) this.pool.release(this);
    else this.destroy();
  }

  /** Ends the exchange with `error` (to the caller if it still waits, else to its body stream) and drops the connection. */
  fail(error: unknown): void {
    const exchange = this.exchange;
    if (exchange !== undefined) {
      this.detach(exchange);
      exchange.wake();
      if (!exchange.settled) exchange.reject(error);
      else if (exchange.stream) {
        try {
          exchange.stream.error(error);
        } catch {
          // Already closed or cancelled by its reader.
        }
      }
    }
    this.destroy();
  }

  private detach(exchange: Exchange): void {
    exchange.connection = undefined;
    this.exchange = undefined;
    this.pending = undefined;
  }

  destroy(): void {
    this.closed = true;
    this.pool.remove(this);
    this.socket?.terminate();
  }
}

/** The socket callbacks, shared by every connection: the connection rides on `socket.data`. */
const handlers: SocketHandler<Connection> = {
  open(socket) {
    socket.setNoDelay(true);
  },
  data(socket, bytes) {
    socket.data.onData(bytes);
  },
  drain(socket) {
    socket.data.flush();
  },
  end(socket) {
    socket.data.onClose();
  },
  close(socket, error) {
    socket.data.onClose(error);
  },
  error(socket, error) {
    socket.data.onClose(error);
  },
  connectError() {
    // Bun.connect's promise rejects as well; that is where the failure is reported.
  },
};

export class Http1Client {
  readonly pool: ConnectionPool<Connection>;

  constructor(options: { idleMs?: number; maxIdlePerOrigin?: number } = {}) {
    this.pool = new ConnectionPool<Connection>(options);
  }

  /** What ccr sends upstream: a request with a string body. */
  request(url: string, init: Http1Init): Http1Request {
    let exchange: Exchange;
    try {
      const target = parseTarget(url);
      exchange = new Exchange(this, target, serializeRequest(target, init));
    } catch (error) {
      return { response: Promise.reject(error), abort: () => {} };
    }
    this.open(exchange, true);
    return exchange;
  }

  /** Starts `exchange` on an idle connection to its origin if `reuse` allows one, else on a new one. */
  open(exchange: Exchange, reuse = false): void {
    const idle = reuse ? this.pool.acquire(exchange.target.origin) : undefined;
    if (idle !== undefined) return idle.start(exchange);
    this.connect(exchange.target).then(
      (connection) => {
        if (exchange.aborted) return connection.destroy();
        connection.start(exchange);
      },
      (error: unknown) => exchange.reject(error),
    );
  }

  private async connect(target: Target): Promise<Connection> {
    const connection = new Connection(target.origin, this.pool);
    try {
      connection.socket = await Bun.connect<Connection>({ hostname: target.hostname, port: target.port, socket: handlers, data: connection });
    } catch (error) {
      throw connectFailure(error, target);
    }
    return connection;
  }
}

/** `Keep-Alive: timeout=5` → 5000: the server closes idle connections after that long. */
function keepAliveTimeout(head: ResponseHead): number | undefined {
  const value = headerValue(head.headers, 'keep-alive');
  if (value === undefined) return undefined;
  const match = /(?:^|[,\s])timeout\s*=\s*(\d+)/i.exec(value);
  return match ? Number(match[1]) * 1000 : undefined;
}

function protocolError(error: unknown): Error {
  const detail = error instanceof HttpParseError ? error.message : String(error);
  return new Error(`the server's answer is not valid HTTP/1.1: ${detail}`);
}

function brokenOff(error: unknown): Error {
  return new Error(`the server's answer broke off: ${error instanceof Error ? error.message : String(error)}`);
}

function connectFailure(error: unknown, target: Target): Error {
  const code = (error as { code?: string }).code;
  const reason = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : error instanceof Error ? error.message : String(error);
  const failure = new Error(`cannot connect to ${target.hostHeader} (${reason})`);
  (failure as Error & { code?: string }).code = code;
  return failure;
}
