/**
 * One round of each scenario against the four targets, in an order that rotates from round to
 * round so that drift on a shared machine falls on every target alike.
 */
import { burst, closedLoop, percentile, request, type LoadResult, type Size, type Target, type TargetName } from './load';
import { cpuMsOf, hostCpuTicks, mainThreadCpuMsOf, memoryOf, resetPeak, stealShare } from './processes';

export interface Budget {
  rounds: number;
  /** Sequential requests per target per round in the latency scenario. */
  latencyRequests: number;
  /** The same with the Claude Code-sized request (large-request.ts). */
  largeRequests: number;
  /** Untimed load per target before the first round (non-stream c=32, then half as long of streams at c=64). */
  loadWarmupMs: number;
  /** Measured time per target per round in the closed-loop scenarios. */
  durationMs: number;
  /**
   * The judged throughput (non-stream, c=32) runs this many times per round, `c32DurationMs` per
   * target each time, in rotating order: shorter slots that are closer in time and more of them, so
   * that a busy moment of a shared host decides fewer of the ratios whose median is judged.
   */
  c32Repeats: number;
  c32DurationMs: number;
  warmupMs: number;
  slowStreams: number;
  slowRounds: number;
  /** How many times the proxies are started afresh over the rounds (1: one process each for the whole run). */
  generations: number;
}

/** Which start of the proxies serves round `round` of `rounds` when they are started `generations` times: as evenly as it divides. */
export const generationOf = (round: number, rounds: number, generations: number): number => Math.floor((round * generations) / rounds);

export const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]);

/**
 * The targets' order for round `index` of a closed-loop scenario: a Williams design, in which each
 * target runs in every position equally often and follows every other target equally often: over
 * any `items.length` consecutive rounds when their number is even, over twice as many when it is
 * odd (five targets with a baseline). A plain rotation keeps the cyclic order (ccr would always
 * follow the bare proxy), so whatever one server does once its burst ends (a garbage collection,
 * its sockets closing, the mock's own collection after the bare proxy's load) would always fall
 * into the same next target's slot.
 */
export function balancedOrder<T>(items: readonly T[], index: number): T[] {
  const n = items.length;
  // First row 0, n-1, 1, n-2, …; row r adds r to each (mod n). Balanced for carry-over when n is
  // even; when it is odd, the next n rows are the first n reversed.
  const first: number[] = [];
  for (let low = 0, high = n - 1, k = 0; first.length < n; k++) first.push(k % 2 === 0 ? low++ : high--);
  const shift = index % n;
  const row = first.map((position) => items[(position + shift) % n]);
  return n % 2 === 1 && Math.floor(index / n) % 2 === 1 ? row.reverse() : row;
}

export interface LatencyRound {
  p50: ByTarget<number>;
  p99: ByTarget<number>;
}

/** A figure per target; `base` only in a run with a baseline. */
export type ByTarget<T> = Record<Exclude<TargetName, 'base'>, T> & { base?: T };

/**
 * Concurrency 1, interleaved request by request (direct, bare, naive, ccr, rotating), so that each
 * target's samples come from the same moments.
 */
export async function latencyRound(targets: readonly Target[], round: number, count: number, size: Size = 'small'): Promise<LatencyRound> {
  const bodies = targets.map((target) => target.body('fast', false, size));
  const samples = targets.map(() => [] as number[]);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < targets.length; k++) {
      const index = (k + i + round) % targets.length;
      const sample = await request(targets[index], bodies[index], false);
      if (!sample.ok) throw new Error(`latency: ${targets[index].name} failed: ${sample.error}`);
      samples[index].push(sample.total);
    }
  }
  const by = (p: number) => Object.fromEntries(targets.map((t, i) => [t.name, percentile(samples[i], p)])) as ByTarget<number>;
  return { p50: by(50), p99: by(99) };
}

export interface MeasuredLoad extends LoadResult {
  /**
   * CPU time the target's own server process spent per completed request, in µs: the mock for
   * direct, the proxy for bare, naive and ccr. Less sensitive to a busy machine than a rate.
   */
  serverCpuUs: number;
  /** The same for the server's main thread alone (processes.ts, mainThreadCpuMsOf). */
  serverMainCpuUs: number;
  /** The share of the machine's CPU time the hypervisor gave to other guests during the window. */
  steal: number;
}

export type LoadRound = ByTarget<MeasuredLoad>;

/** The process whose CPU and memory count for each target: each proxy for itself, the mock for direct. */
export type Servers = ByTarget<number>;

export async function loadRound(
  targets: readonly Target[],
  round: number,
  options: { model: string; stream: boolean; concurrency: number; durationMs: number; warmupMs: number; size?: Size },
  servers: Servers,
): Promise<LoadRound> {
  const out = {} as LoadRound;
  for (const target of balancedOrder(targets, round)) {
    const pid = servers[target.name]!;
    let cpuBefore = 0;
    let mainBefore = 0;
    let hostBefore = hostCpuTicks();
    const result = await closedLoop(target, {
      ...options,
      onMeasureStart: () => {
        cpuBefore = cpuMsOf(pid);
        mainBefore = mainThreadCpuMsOf(pid);
        hostBefore = hostCpuTicks();
      },
    });
    const perRequest = (ms: number) => (ms * 1000) / Math.max(1, result.completed + result.failures);
    out[target.name] = {
      ...result,
      serverCpuUs: perRequest(cpuMsOf(pid) - cpuBefore),
      serverMainCpuUs: perRequest(mainThreadCpuMsOf(pid) - mainBefore),
      steal: stealShare(hostBefore, hostCpuTicks()),
    };
  }
  return out;
}

export interface SlowResult extends LoadResult {
  /** The server's peak RSS during the burst (max of VmHWM after a reset and sampled VmRSS). */
  serverPeakMB: number;
  serverRssBeforeMB: number;
}

export type SlowRound = ByTarget<SlowResult>;

/**
 * `count` paced streams at once per target. `servers` maps a target to the process whose memory
 * counts: each proxy for itself, the mock for direct.
 */
export async function slowRound(targets: readonly Target[], round: number, count: number, servers: Servers, size: Size = 'small'): Promise<SlowRound> {
  const out = {} as SlowRound;
  for (const target of rotate(targets, round)) {
    const pid = servers[target.name]!;
    const before = memoryOf(pid).rssMB;
    resetPeak(pid);
    let sampled = before;
    const sampler = setInterval(() => (sampled = Math.max(sampled, memoryOf(pid).rssMB)), 25);
    const result = await burst(target, { model: 'slow-20x50', stream: true, count, size });
    clearInterval(sampler);
    const peak = Math.max(sampled, memoryOf(pid).hwmMB);
    out[target.name] = { ...result, serverPeakMB: peak, serverRssBeforeMB: before };
    // Let sockets close and the server settle before the next target starts its burst.
    await Bun.sleep(300);
  }
  return out;
}

/** Checks each target answers what the benchmark expects before anything is timed. */
export async function sanityCheck(targets: readonly Target[]): Promise<void> {
  for (const target of targets) {
    const plain = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: target.body('fast', false) });
    const json = (await plain.json()) as Record<string, unknown>;
    const text = target.dialect === 'anthropic' ? (json.content as { text?: string }[] | undefined)?.[0]?.text : (json.choices as { message?: { content?: string } }[] | undefined)?.[0]?.message?.content;
    if (plain.status !== 200 || text !== 'Hello from the mock upstream.') throw new Error(`sanity: ${target.name} non-stream answered ${plain.status} ${JSON.stringify(json).slice(0, 300)}`);

    const streamed = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: target.body('stream-100', true) });
    const events = await streamed.text();
    const deltas = target.dialect === 'anthropic' ? events.split('"type":"text_delta"').length - 1 : events.split('"chat.completion.chunk"').length - 1;
    const expected = target.dialect === 'anthropic' ? 100 : 102; // 100 content chunks (+ finish + usage for OpenAI)
    if (streamed.status !== 200 || deltas !== expected || !target.streamEnded(events.slice(-256))) {
      throw new Error(`sanity: ${target.name} stream-100 gave ${deltas} deltas, expected ${expected}: …${events.slice(-200)}`);
    }
  }
}
