/**
 * The load generator: Bun's fetch (keep-alive), timed with performance.now(), every response body
 * read to its last byte. A target is the thing under test seen from the client: the mock called
 * directly, the bare proxy, the naive converting proxy, or ccr; each speaks its own request format.
 */
import { largeAnthropicRequest, largeOpenAIRequest } from './large-request';

/** `base` is ccr built from another checkout (run.ts --baseline): today's code, for a before/after. */
export type TargetName = 'direct' | 'bare' | 'naive' | 'ccr' | 'base';
/** The small request, or the Claude Code-sized one (large-request.ts). */
export type Size = 'small' | 'large';

export interface Target {
  name: TargetName;
  /** The API the target speaks, which decides how its answers are read. */
  dialect: 'openai' | 'anthropic';
  /** Full URL of the endpoint requests go to. */
  url: string;
  /** The request body for a mock model name (`fast`, `stream-100`, `slow-20x50`); `large` is Claude Code-sized. */
  body(model: string, stream: boolean, size?: Size): string;
  /** True when the tail of a stream shows it ended as it should. */
  streamEnded(tail: string): boolean;
}

const PROMPT = 'Say hello.';

export function openAITarget(name: TargetName, origin: string): Target {
  return {
    name,
    dialect: 'openai',
    url: `${origin}/v1/chat/completions`,
    body: (model, stream, size = 'small') =>
      JSON.stringify(size === 'large' ? largeOpenAIRequest(model, stream) : { model, max_tokens: 64, stream, messages: [{ role: 'user', content: PROMPT }] }),
    streamEnded: (tail) => tail.includes('data: [DONE]'),
  };
}

/**
 * ccr routes `provider,model` explicitly and the naive proxy forwards the part after the comma, so
 * each scenario picks the mock's behaviour by model name.
 */
export function anthropicTarget(name: TargetName, origin: string): Target {
  return {
    name,
    dialect: 'anthropic',
    url: `${origin}/v1/messages`,
    body: (model, stream, size = 'small') =>
      JSON.stringify(
        size === 'large' ? largeAnthropicRequest(`mock,${model}`, stream) : { model: `mock,${model}`, max_tokens: 64, stream, messages: [{ role: 'user', content: PROMPT }] },
      ),
    streamEnded: (tail) => tail.includes('"type":"message_stop"'),
  };
}

const HEADERS = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: 'Bearer bench' };

export interface Sample {
  ok: boolean;
  /** Milliseconds from sending to the first body bytes (streams) or to the response headers. */
  ttfb: number;
  /** Milliseconds from sending to the last body byte. */
  total: number;
  bytes: number;
  error?: string;
}

/** One request, body read to the end. Never throws: a failure is a sample with ok false. */
export async function request(target: Target, body: string, stream: boolean): Promise<Sample> {
  const start = performance.now();
  let ttfb = 0;
  let bytes = 0;
  try {
    const response = await fetch(target.url, { method: 'POST', headers: HEADERS, body });
    if (!stream) {
      ttfb = performance.now() - start;
      const buffer = await response.arrayBuffer();
      const total = performance.now() - start;
      return { ok: response.status === 200 && buffer.byteLength > 0, ttfb, total, bytes: buffer.byteLength, error: response.status === 200 ? undefined : `status ${response.status}` };
    }
    const reader = response.body!.getReader();
    let tail = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (bytes === 0) ttfb = performance.now() - start;
      bytes += value.byteLength;
      // Enough of the end to recognise the closing event, however the bytes were split.
      tail = (tail + decoder.decode(value.byteLength > 256 ? value.subarray(value.byteLength - 256) : value)).slice(-256);
    }
    const total = performance.now() - start;
    const ended = response.status === 200 && target.streamEnded(tail);
    return { ok: ended, ttfb, total, bytes, error: ended ? undefined : `status ${response.status}, stream did not end properly: …${tail.slice(-80)}` };
  } catch (error) {
    return { ok: false, ttfb, total: performance.now() - start, bytes, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface LoadResult {
  completed: number;
  failures: number;
  seconds: number;
  perSecond: number;
  ttfbP50: number;
  totalP50: number;
  totalP99: number;
  firstError?: string;
}

/**
 * `concurrency` workers each send request after request until `durationMs` has passed (after a
 * `warmupMs` that is not counted). The rate counts completions over the time until the last
 * in-flight request finished.
 */
export async function closedLoop(
  target: Target,
  options: { model: string; stream: boolean; concurrency: number; durationMs: number; warmupMs: number; size?: Size; onMeasureStart?: () => void },
): Promise<LoadResult> {
  const body = target.body(options.model, options.stream, options.size);
  const warmupEnd = performance.now() + options.warmupMs;
  const worker = async (until: number, samples: Sample[] | undefined) => {
    while (performance.now() < until) {
      const sample = await request(target, body, options.stream);
      samples?.push(sample);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker(warmupEnd, undefined)));
  const samples: Sample[] = [];
  options.onMeasureStart?.();
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, () => worker(start + options.durationMs, samples)));
  const seconds = (performance.now() - start) / 1000;
  return summarize(samples, seconds);
}

/** `count` requests started together; resolves when every one has finished. */
export async function burst(target: Target, options: { model: string; stream: boolean; count: number; size?: Size }): Promise<LoadResult> {
  const body = target.body(options.model, options.stream, options.size);
  const start = performance.now();
  const samples = await Promise.all(Array.from({ length: options.count }, () => request(target, body, options.stream)));
  return summarize(samples, (performance.now() - start) / 1000);
}

function summarize(samples: Sample[], seconds: number): LoadResult {
  const good = samples.filter((s) => s.ok);
  return {
    completed: good.length,
    failures: samples.length - good.length,
    seconds,
    perSecond: good.length / seconds,
    ttfbP50: percentile(good.map((s) => s.ttfb), 50),
    totalP50: percentile(good.map((s) => s.total), 50),
    totalP99: percentile(good.map((s) => s.total), 99),
    firstError: samples.find((s) => !s.ok)?.error,
  };
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: number[]): number {
  return percentile(values.filter((v) => Number.isFinite(v)), 50);
}
