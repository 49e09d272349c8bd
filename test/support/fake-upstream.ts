/**
 * A provider faked by an in-process server on 127.0.0.1 (port 0). It records what it received
 * and answers with the exact bytes it is given: a JSON body, or SSE chunks written one by one,
 * optionally paced, so streams are tested the way they arrive from a real provider.
 */
import type { Server } from 'bun';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
  /** Resolves when the client (ccr) aborts this request. */
  aborted: Promise<void>;
  /** The port of the connection it came on: requests on one kept-alive connection share it. */
  clientPort?: number;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** A whole body (JSON is serialized). */
  json?: unknown;
  text?: string;
  /** SSE bytes, written chunk by chunk. */
  chunks?: Array<string | Uint8Array>;
  /** Pause before each chunk. */
  chunkDelayMs?: number;
  /** Pause before the response headers. */
  delayMs?: number;
  /** Write the chunks, then never finish. */
  hangAfterChunks?: boolean;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  stop(): void;
}

export interface FakeUpstreamOptions {
  /** Serve HTTPS with this certificate (bench/tls.ts makes one). */
  tls?: { cert: string; key: string };
}

export function startFakeUpstream(reply: (request: RecordedRequest) => FakeReply | Promise<FakeReply>, options: FakeUpstreamOptions = {}): FakeUpstream {
  const requests: RecordedRequest[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    tls: options.tls,
    async fetch(request, server) {
      const url = new URL(request.url);
      const text = await request.text();
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const aborted = new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true }));
      const recorded: RecordedRequest = {
        method: request.method,
        path: url.pathname + url.search,
        headers,
        body: text ? safeJson(text) : undefined,
        aborted,
        clientPort: server.requestIP(request)?.port,
      };
      requests.push(recorded);
      const answer = await reply(recorded);
      if (answer.delayMs) await Bun.sleep(answer.delayMs);
      const status = answer.status ?? 200;
      if (answer.chunks) {
        const chunks = answer.chunks.map((chunk) => (typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk));
        let i = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (i < chunks.length) {
              if (answer.chunkDelayMs) await Bun.sleep(answer.chunkDelayMs);
              controller.enqueue(chunks[i++]);
              return;
            }
            if (answer.hangAfterChunks) return new Promise<void>(() => {});
            controller.close();
          },
        });
        return new Response(body, { status, headers: { 'content-type': 'text/event-stream', ...answer.headers } });
      }
      if (answer.json !== undefined) return Response.json(answer.json, { status, headers: answer.headers });
      return new Response(answer.text ?? '', { status, headers: answer.headers });
    },
  });
  return { url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Splits SSE text into the network chunks a provider would send: one per event. */
/** A non-streamed OpenAI chat completion answering `text`, with usage when given. */
export function chatCompletion(text: string, usage?: { prompt: number; completion: number }): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    ...(usage && { usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } }),
  };
}

export function sseChunks(text: string): string[] {
  return text.split(/(?<=\n\n)/).filter((chunk) => chunk.length > 0);
}

/**
 * An upstream that sends a 200 event-stream head and the given chunks (HTTP/1.1 chunked), then
 * cuts the TCP connection without ending the body: a provider dying mid-stream, for certain.
 */
export function startBreakingUpstream(chunks: string[]): FakeUpstream {
  const requests: RecordedRequest[] = [];
  const frame = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      data(socket, data) {
        // One request per connection is all these tests send; answer once its head has arrived.
        if (!data.toString('latin1').includes('\r\n\r\n') || (socket.data as { answered?: boolean } | undefined)?.answered) return;
        (socket as unknown as { data: { answered: boolean } }).data = { answered: true };
        requests.push({ method: 'POST', path: '', headers: {}, body: undefined, aborted: new Promise(() => {}) });
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n');
        for (const chunk of chunks) socket.write(frame(chunk));
        socket.flush();
        setTimeout(() => socket.terminate(), 20);
      },
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}
