/**
 * A fast OpenAI-compatible upstream for the benchmark: `POST /v1/chat/completions`.
 *
 * - `stream` absent or false: one small precomputed `chat.completion` JSON.
 * - `stream: true`: N `chat.completion.chunk` events, a usage chunk and `data: [DONE]`.
 *   N and pacing come from the model name — `stream-100` is 100 chunks at once, `slow-20x50` is
 *   20 chunks 50 ms apart — or from the headers `x-mock-chunks` and `x-mock-delay-ms`, which win.
 *   Unpaced streams are sent as one precomputed buffer per N; paced ones one chunk per write.
 *
 * Port from MOCK_PORT (0 = any free port); prints `{"port":N}` on stdout once listening. With
 * MOCK_TLS_CERT and MOCK_TLS_KEY (PEM files) it serves HTTPS, as every real provider does.
 * Exits by itself when the process named by BENCH_PARENT_PID is gone.
 */
import { exitWithParent } from './exit-with-parent';

const encoder = new TextEncoder();
const MODEL = 'mock-model';
const CREATED = 1_700_000_000;

const nonStreamBody = encoder.encode(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  }),
);

const event = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);
const chunkOf = (delta: Record<string, unknown>, finishReason: string | null = null) =>
  event({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: MODEL, choices: [{ index: 0, delta, finish_reason: finishReason }] });

const FIRST_CHUNK = chunkOf({ role: 'assistant', content: 'tok' });
const CONTENT_CHUNK = chunkOf({ content: ' tok' });
const FINISH_CHUNK = chunkOf({}, 'stop');
const DONE = encoder.encode('data: [DONE]\n\n');
const usageChunk = (chunks: number) =>
  event({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: MODEL, choices: [], usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: 12 + chunks } });

/** The N content chunks of a stream, the first one carrying the role; then finish, usage, [DONE]. */
function streamParts(chunks: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < chunks; i++) parts.push(i === 0 ? FIRST_CHUNK : CONTENT_CHUNK);
  parts.push(FINISH_CHUNK, usageChunk(chunks), DONE);
  return parts;
}

const wholeStreams = new Map<number, Uint8Array>();
function wholeStream(chunks: number): Uint8Array {
  let bytes = wholeStreams.get(chunks);
  if (!bytes) {
    bytes = Buffer.concat(streamParts(chunks));
    wholeStreams.set(chunks, bytes);
  }
  return bytes;
}

const pacedParts = new Map<number, Uint8Array[]>();
function pacedStream(chunks: number, delayMs: number): ReadableStream<Uint8Array> {
  let parts = pacedParts.get(chunks);
  if (!parts) pacedParts.set(chunks, (parts = streamParts(chunks)));
  const all = parts;
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // The first chunk leaves at once; each later content chunk waits delayMs. The finish,
      // usage and [DONE] events follow the last content chunk without a pause.
      if (next > 0 && next < chunks) await Bun.sleep(delayMs);
      controller.enqueue(all[next++]);
      if (next === all.length) controller.close();
    },
  });
}

interface StreamPlan {
  chunks: number;
  delayMs: number;
  /** One write per chunk even without a pause. */
  split?: boolean;
}

/**
 * `stream-100` → 100 chunks in one write; `split-100` → 100 chunks, one write each, no pause (as a
 * real provider flushes every token); `slow-20x50` → 20 chunks 50 ms apart; headers override.
 */
function planOf(model: unknown, headers: Headers): StreamPlan {
  let chunks = 10;
  let delayMs = 0;
  if (typeof model === 'string') {
    const name = model.slice(model.lastIndexOf(',') + 1);
    const fast = /^stream-(\d+)$/.exec(name);
    const slow = /^slow-(\d+)x(\d+)$/.exec(name);
    const split = /^split-(\d+)$/.exec(name);
    if (split) return { chunks: Number(split[1]), delayMs: 0, split: true };
    if (fast) chunks = Number(fast[1]);
    else if (slow) [chunks, delayMs] = [Number(slow[1]), Number(slow[2])];
  }
  const headerChunks = headers.get('x-mock-chunks');
  const headerDelay = headers.get('x-mock-delay-ms');
  if (headerChunks) chunks = Number(headerChunks);
  if (headerDelay) delayMs = Number(headerDelay);
  return { chunks: Math.max(1, chunks), delayMs: Math.max(0, delayMs) };
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

const { MOCK_TLS_CERT: certPath, MOCK_TLS_KEY: keyPath } = process.env;

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.MOCK_PORT ?? 0),
  idleTimeout: 0,
  tls: certPath && keyPath ? { cert: Bun.file(certPath), key: Bun.file(keyPath) } : undefined,
  async fetch(request) {
    if (request.method !== 'POST' || !request.url.endsWith('/v1/chat/completions')) return new Response('not found', { status: 404 });
    let body: { model?: unknown; stream?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return new Response('{"error":{"message":"bad json"}}', { status: 400, headers: JSON_HEADERS });
    }
    if (body.stream !== true) return new Response(nonStreamBody, { headers: JSON_HEADERS });
    const plan = planOf(body.model, request.headers);
    if (plan.delayMs === 0 && !plan.split) return new Response(wholeStream(plan.chunks), { headers: SSE_HEADERS });
    return new Response(pacedStream(plan.chunks, plan.delayMs), { headers: SSE_HEADERS });
  },
});

exitWithParent(() => server.stop(true));
console.log(JSON.stringify({ port: server.port }));
