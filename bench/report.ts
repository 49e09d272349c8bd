/**
 * Medians over rounds, ratios of the naive proxy and of ccr to the bare pass-through (computed per
 * round, then the median: the rounds are paired in time, so drift cancels), the targets from the
 * issue, and the table.
 */
import { mulberry32 } from '../src/router/prng';
import { median, type Size, type TargetName } from './load';
import type { ByTarget, LatencyRound, LoadRound, SlowRound } from './scenarios';

export interface Rounds {
  latency: LatencyRound[];
  latencyLarge: LatencyRound[];
  c32: LoadRound[];
  c256: LoadRound[];
  stream1: LoadRound[];
  stream64: LoadRound[];
  /** 100 chunks at c=64, written one per network write as real providers flush tokens. */
  split64: LoadRound[];
  slow: SlowRound[];
  /** Which start of the proxies served each round (scenarios.ts, generationOf); absent in older runs' files. */
  generation?: number[];
}

export interface IdleMemory {
  /** RSS in MB after startup and warmup, before the load. */
  before: ByTarget<number>;
  /** RSS in MB after all the load, once it settled. */
  after: ByTarget<number>;
}

/** How the run was made, for the table's heading. */
export interface RunContext {
  upstream: 'https' | 'http';
  size: Size;
  /** Where the Claude Code-sized request came from (large-request.ts). */
  request?: string;
  /** The checkout `base` was built from (run.ts --baseline). */
  baseline?: string;
}

export interface Check {
  name: string;
  /** ccr's value: the targets are ccr's. */
  value: number;
  /** The naive proxy's value for the same check, to show what the floor reaches here. */
  naive: number;
  limit: number;
  /** `max`: value must be ≤ limit; `min`: ≥ limit. */
  kind: 'max' | 'min';
  unit: string;
  pass: boolean;
}

type Row = [label: string, direct: string, bare: string, naive: string, ccr: string, naiveRatio: string, ccrRatio: string];

/** The main table's columns; `base` has a table of its own. */
type Core = Exclude<TargetName, 'base'>;
const TARGETS: Core[] = ['direct', 'bare', 'naive', 'ccr'];
/** The proxies that convert; each is compared with the bare proxy. */
const CONVERTERS = ['naive', 'ccr'] as const;
type Converter = (typeof CONVERTERS)[number];
type LoadKey = 'c32' | 'c256' | 'stream1' | 'stream64' | 'split64';

/**
 * Where the median of `values` would fall if the run were repeated under the same conditions: the
 * 5th and 95th percentiles of the medians of `resamples` resamplings with replacement (a percentile
 * bootstrap). Seeded, so a run's table can be recomputed from its JSON. It says how much a median
 * of this many slots moves by chance alone; a host whose load changes from run to run moves it more.
 *
 * `groups[i]` names the processes that measured `values[i]`. Slots of one pair of processes share
 * that pair's luck (two processes of one program differ by up to ±10 % for their whole life), so
 * with groups the resampling is in two stages: whole groups with replacement, then slots within
 * each group drawn. Treating them as independent would claim more certainty than the run has.
 */
export function medianInterval(values: readonly number[], resamples = 2000, seed = 1, groups?: readonly number[]): [low: number, high: number] {
  if (values.length === 0) return [NaN, NaN];
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const clusters = groups === undefined ? [values] : groupValues(values, groups);
  const medians: number[] = [];
  const sample: number[] = [];
  for (let r = 0; r < resamples; r++) {
    sample.length = 0;
    for (let g = 0; g < clusters.length; g++) {
      const cluster = clusters.length === 1 ? clusters[0] : pick(clusters);
      for (let i = 0; i < cluster.length; i++) sample.push(pick(cluster));
    }
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(resamples * 0.05)], medians[Math.ceil(resamples * 0.95) - 1]];
}

function groupValues(values: readonly number[], groups: readonly number[]): number[][] {
  if (groups.length !== values.length) throw new Error(`${values.length} values but ${groups.length} group labels`);
  const byGroup = new Map<number, number[]>();
  values.forEach((value, i) => {
    const group = byGroup.get(groups[i]);
    if (group) group.push(value);
    else byGroup.set(groups[i], [value]);
  });
  return [...byGroup.values()];
}

/** Each round's (or c=32 slot's) rate of a converting proxy over the bare proxy's, paired in time. */
export const ratiosToBare = (slots: readonly LoadRound[], t: Converter): number[] => slots.map((r) => r[t].perSecond / r.bare.perSecond);

/** Each latency round's percentile `p` of target `t` minus the direct call's. */
export const addedOverDirect = (latency: readonly LatencyRound[], p: 'p50' | 'p99', t: 'bare' | Converter): number[] => latency.map((r) => r[p][t] - r[p].direct);

/**
 * The start of the proxies that served each of `slots` slots, when the rounds were served by the
 * starts `roundStarts` and every round holds as many slots (c=32 runs several per round).
 * Undefined when the run did not record them: its slots count as one group.
 */
export function slotGroups(slots: number, roundStarts: readonly number[] | undefined): number[] | undefined {
  if (roundStarts === undefined || roundStarts.length === 0) return undefined;
  const perRound = slots / roundStarts.length;
  if (!Number.isInteger(perRound)) throw new Error(`${slots} slots do not divide into ${roundStarts.length} rounds`);
  return Array.from({ length: slots }, (_, i) => roundStarts[Math.floor(i / perRound)]);
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const per = <R>(rounds: R[], pick: (round: R) => number) => median(rounds.map(pick));
const byTarget = (value: (target: Core) => number) => Object.fromEntries(TARGETS.map((t) => [t, value(t)])) as Record<Core, number>;
const byConverter = (value: (target: Converter) => number) => Object.fromEntries(CONVERTERS.map((t) => [t, value(t)])) as Record<Converter, number>;

export function summarize(rounds: Rounds, memory: IdleMemory, context: RunContext = { upstream: 'http', size: 'small' }) {
  const load = (key: LoadKey, field: 'perSecond' | 'ttfbP50' | 'totalP50') => byTarget((t) => per(rounds[key], (r) => r[t][field]));
  const pairedRatios = (key: LoadKey, t: Converter) => ratiosToBare(rounds[key], t);
  const ratio = (key: LoadKey) => byConverter((t) => median(pairedRatios(key, t)));
  const startOf = rounds.generation;
  const interval = (key: LoadKey) =>
    Object.fromEntries(CONVERTERS.map((t) => [t, medianInterval(pairedRatios(key, t), 2000, 1, slotGroups(rounds[key].length, startOf))])) as Record<Converter, [number, number]>;
  const failures = (key: keyof Omit<Rounds, 'latency' | 'latencyLarge' | 'generation'>) => byTarget((t) => rounds[key].reduce((sum, r) => sum + r[t].failures, 0));
  const added = (latency: LatencyRound[], p: 'p50' | 'p99') =>
    Object.fromEntries((['bare', ...CONVERTERS] as const).map((t) => [t, median(addedOverDirect(latency, p, t))])) as Record<'bare' | Converter, number>;
  const stream = (key: LoadKey) => ({ perSecond: load(key, 'perSecond'), ttfb: load(key, 'ttfbP50'), total: load(key, 'totalP50'), ratio: ratio(key), failures: failures(key) });

  const summary = {
    latencyP50: byTarget((t) => per(rounds.latency, (r) => r.p50[t])),
    latencyP99: byTarget((t) => per(rounds.latency, (r) => r.p99[t])),
    largeP50: byTarget((t) => per(rounds.latencyLarge, (r) => r.p50[t])),
    largeAddedP50: added(rounds.latencyLarge, 'p50'),
    cpuUs: Object.fromEntries((['c32', 'c256', 'stream1', 'stream64', 'split64'] as const).map((k) => [k, byTarget((t) => per(rounds[k], (r) => r[t].serverCpuUs))])) as Record<LoadKey, Record<Core, number>>,
    mainCpuUsC32: byTarget((t) => per(rounds.c32, (r) => r[t].serverMainCpuUs)),
    addedP50: added(rounds.latency, 'p50'),
    addedP99: added(rounds.latency, 'p99'),
    c32: {
      perSecond: load('c32', 'perSecond'),
      ratio: ratio('c32'),
      // The host's load moves single slots far from the median: the spread says how far.
      lowest: byConverter((t) => Math.min(...pairedRatios('c32', t))),
      highest: byConverter((t) => Math.max(...pairedRatios('c32', t))),
      interval: interval('c32'),
      failures: failures('c32'),
      slots: rounds.c32.length,
      /** How many starts of the proxies the slots came from. */
      generations: startOf && startOf.length > 0 ? new Set(startOf).size : 1,
    },
    c256: { perSecond: load('c256', 'perSecond'), ratio: ratio('c256'), failures: failures('c256') },
    stream1: stream('stream1'),
    stream64: stream('stream64'),
    split64: { ...stream('split64'), interval: interval('split64') },
    slow: {
      completed: byTarget((t) => Math.min(...rounds.slow.map((r) => r[t].completed))),
      failures: failures('slow'),
      seconds: byTarget((t) => per(rounds.slow, (r) => r[t].seconds)),
      peakMB: byTarget((t) => Math.max(...rounds.slow.map((r) => r[t].serverPeakMB))),
      firstError: rounds.slow.flatMap((r) => TARGETS.map((t) => r[t].firstError)).find(Boolean),
    },
    memory,
  };

  const slowCount = rounds.slow[0] ? rounds.slow[0].ccr.completed + rounds.slow[0].ccr.failures : 0;
  const large = context.size === 'large';
  // The streams target is measured with one write per chunk, as providers send tokens: when the
  // mock writes a whole 100-chunk stream at once, the bare proxy forwards one buffer while any
  // converting proxy parses 100 chunks, and the naive proxy itself stays near 0.5× there.
  // The floors are set for the small request; with Claude Code-sized ones every converting proxy
  // spends most of its time parsing and writing the body, and only the failures are judged.
  const checks: Check[] = [
    ...(large
      ? []
      : [
          check('added p50 latency (ccr − direct)', summary.addedP50.ccr, summary.addedP50.naive, 0.25, 'max', 'ms'),
          check('non-stream req/s at c=32, ccr ÷ bare', summary.c32.ratio.ccr, summary.c32.ratio.naive, 0.8, 'min', '×'),
          check('streams/s at c=64, 100 chunks written one by one (as providers send them), ccr ÷ bare', summary.split64.ratio.ccr, summary.split64.ratio.naive, 0.7, 'min', '×'),
          check('idle RSS of ccr', memory.before.ccr, memory.before.naive, 60, 'max', 'MB'),
          check(`peak RSS of ccr during ${slowCount} slow streams`, summary.slow.peakMB.ccr, summary.slow.peakMB.naive, 150, 'max', 'MB'),
        ]),
    check(`slow streams failed (of ${slowCount} × ${rounds.slow.length} rounds)`, summary.slow.failures.ccr, summary.slow.failures.naive, 0, 'max', ''),
  ];
  return { summary, checks, context, beforeAfter: compareWithBaseline(rounds, memory) };
}

/** The most a judged figure may lose against the baseline (the issue: "no judged figure drops by more than 10 %"). */
const MAX_LOSS = 0.1;

export interface Comparison {
  name: string;
  before: number;
  after: number;
  /** after ÷ before, the median of ratios paired in time where the figure has rounds. */
  ratio: number;
  /** `higher`: more is better (throughput); `lower`: less is better (latency, memory, failures). */
  better: 'higher' | 'lower';
  unit: string;
  /** Judged: within MAX_LOSS of the baseline. Shown only: undefined. */
  pass?: boolean;
}

/**
 * ccr (after) against `base` (before, run.ts --baseline), in the same rounds: each judged figure
 * as both targets' values and after ÷ before. Undefined in a run without a baseline.
 */
export function compareWithBaseline(rounds: Rounds, memory: IdleMemory): Comparison[] | undefined {
  if (rounds.c32[0]?.base === undefined) return undefined;
  const paired = (slots: readonly LoadRound[], pick: (load: LoadRound['ccr']) => number) => median(slots.map((r) => pick(r.ccr) / pick(r.base!)));
  const both = <R>(items: readonly R[], pick: (item: R, t: 'ccr' | 'base') => number) => ({ before: median(items.map((r) => pick(r, 'base'))), after: median(items.map((r) => pick(r, 'ccr'))) });
  const throughput = (name: string, slots: readonly LoadRound[]): Comparison => {
    const { before, after } = both(slots, (r, t) => r[t]!.perSecond / r.bare.perSecond);
    return { name, before, after, ratio: paired(slots, (load) => load.perSecond), better: 'higher', unit: '× bare', pass: paired(slots, (load) => load.perSecond) >= 1 - MAX_LOSS };
  };
  const added = (name: string, latency: readonly LatencyRound[]): Comparison => {
    const { before, after } = both(latency, (r, t) => r.p50[t]! - r.p50.direct);
    // Each round's added latency; a tenth of a tenth of a millisecond is within the noise at c=1.
    return { name, before, after, ratio: after / before, better: 'lower', unit: 'ms', pass: after <= before * (1 + MAX_LOSS) };
  };
  const completed = rounds.slow.length > 0 ? both(rounds.slow, (r, t) => r[t]!.completed) : undefined;
  const failed = (t: 'ccr' | 'base') => rounds.slow.reduce((sum, r) => sum + r[t]!.failures, 0);
  const comparisons: Comparison[] = [
    throughput('non-stream req/s at c=32', rounds.c32),
    throughput('streams/s at c=64, 100 chunks written one by one', rounds.split64),
    throughput('streams/s at c=64, 100 chunks in one write', rounds.stream64),
    added('added p50 latency vs direct', rounds.latency),
    added('added p50 latency vs direct, Claude Code-sized request', rounds.latencyLarge),
  ];
  if (completed) {
    comparisons.push({ name: 'slow streams completed (median of rounds)', ...completed, ratio: completed.after / completed.before, better: 'higher', unit: '', pass: failed('ccr') === 0 });
    const peak = (t: 'ccr' | 'base') => Math.max(...rounds.slow.map((r) => r[t]!.serverPeakMB));
    comparisons.push({ name: 'peak RSS during the slow streams', before: peak('base'), after: peak('ccr'), ratio: peak('ccr') / peak('base'), better: 'lower', unit: 'MB' });
  }
  const cpu = both(rounds.c32, (r, t) => r[t]!.serverCpuUs);
  comparisons.push({ name: 'server CPU per request at c=32', ...cpu, ratio: paired(rounds.c32, (load) => load.serverCpuUs), better: 'lower', unit: 'µs' });
  if (memory.before.base !== undefined) comparisons.push({ name: 'idle RSS after warmup', before: memory.before.base, after: memory.before.ccr, ratio: memory.before.ccr / memory.before.base, better: 'lower', unit: 'MB' });
  return comparisons;
}

function check(name: string, value: number, naive: number, limit: number, kind: 'max' | 'min', unit: string): Check {
  return { name, value, naive, limit, kind, unit, pass: kind === 'max' ? value <= limit : value >= limit };
}

export function renderTable(result: ReturnType<typeof summarize>): string {
  const { summary: s, checks, context } = result;
  const four = (values: Record<Core, number>, digits = 2) => TARGETS.map((t) => fmt(values[t], digits)) as [string, string, string, string];
  // Ratio of the medians, for rows that have no per-round pairing to take the median of.
  const div = (values: Record<Core, number>) => CONVERTERS.map((t) => fmt(values[t] / values.bare)) as [string, string];
  const ratios = (values: Record<Converter, number>) => CONVERTERS.map((t) => fmt(values[t])) as [string, string];
  const added = (values: Record<'bare' | Converter, number>) => ['', fmt(values.bare, 3), fmt(values.naive, 3), fmt(values.ccr, 3), '', ''] as const;
  // A low–high pair per converting proxy, in the ratio columns.
  const spans = (low: Record<Converter, number>, high: Record<Converter, number>) =>
    ['', '', '', '', ...(CONVERTERS.map((t) => `${fmt(low[t])}–${fmt(high[t])}`) as [string, string])] as const;
  const intervals = (values: Record<Converter, [number, number]>) => spans(byConverter((t) => values[t][0]), byConverter((t) => values[t][1]));
  const rows: Row[] = [
    ['latency c=1 p50 (ms)', ...four(s.latencyP50, 3), ...div(s.latencyP50)],
    ['latency c=1 p99 (ms)', ...four(s.latencyP99, 3), ...div(s.latencyP99)],
    ['added p50 vs direct (ms)', ...added(s.addedP50)],
    ['added p99 vs direct (ms)', ...added(s.addedP99)],
    ['latency c=1, Claude Code-sized request, p50 (ms)', ...four(s.largeP50, 3), ...div(s.largeP50)],
    ['added p50 vs direct, Claude Code-sized request (ms)', ...added(s.largeAddedP50)],
    ['non-stream c=32 (req/s)', ...four(s.c32.perSecond, 0), ...ratios(s.c32.ratio)],
    [`non-stream c=32 ÷ bare, lowest–highest of ${s.c32.slots} slots`, ...spans(s.c32.lowest, s.c32.highest)],
    [`non-stream c=32 ÷ bare, 90 % bootstrap interval of the median (${s.c32.slots} slots, ${s.c32.generations} process starts)`, ...intervals(s.c32.interval)],
    ['non-stream c=32 server CPU per request (µs)', ...four(s.cpuUs.c32, 0), ...div(s.cpuUs.c32)],
    ['non-stream c=32 server main-thread CPU per request (µs)', ...four(s.mainCpuUsC32, 0), ...div(s.mainCpuUsC32)],
    ['non-stream c=256 (req/s)', ...four(s.c256.perSecond, 0), ...ratios(s.c256.ratio)],
    ['non-stream c=256 server CPU per request (µs)', ...four(s.cpuUs.c256, 0), ...div(s.cpuUs.c256)],
    ['100-chunk c=1 TTFB p50 (ms)', ...four(s.stream1.ttfb, 3), ...div(s.stream1.ttfb)],
    ['100-chunk c=1 total p50 (ms)', ...four(s.stream1.total, 3), ...div(s.stream1.total)],
    ['100-chunk c=1 (streams/s)', ...four(s.stream1.perSecond, 0), ...ratios(s.stream1.ratio)],
    ['100-chunk c=64 TTFB p50 (ms)', ...four(s.stream64.ttfb), ...div(s.stream64.ttfb)],
    ['100-chunk c=64 total p50 (ms)', ...four(s.stream64.total), ...div(s.stream64.total)],
    ['100-chunk c=64 (streams/s)', ...four(s.stream64.perSecond, 0), ...ratios(s.stream64.ratio)],
    ['100-chunk c=64 server CPU per stream (µs)', ...four(s.cpuUs.stream64, 0), ...div(s.cpuUs.stream64)],
    ['100 chunks written one by one, c=64 (streams/s)', ...four(s.split64.perSecond, 0), ...ratios(s.split64.ratio)],
    ['100 chunks written one by one, c=64, ÷ bare, 90 % bootstrap interval of the median', ...intervals(s.split64.interval)],
    ['100 chunks written one by one, c=64, server CPU per stream (µs)', ...four(s.cpuUs.split64, 0), ...div(s.cpuUs.split64)],
    ['slow streams completed (min of rounds)', ...four(s.slow.completed, 0), '', ''],
    ['slow streams wall time (s)', ...four(s.slow.seconds), ...div(s.slow.seconds)],
    ['server peak RSS, slow streams (MB)', ...four(s.slow.peakMB, 1), ...div(s.slow.peakMB)],
    ['server idle RSS after warmup (MB)', ...four(s.memory.before, 1), ...div(s.memory.before)],
    ['server idle RSS after the run (MB)', ...four(s.memory.after, 1), ...div(s.memory.after)],
  ];
  const failures = (['c32', 'c256', 'stream1', 'stream64', 'split64', 'slow'] as const).map((k) => `${k} ${TARGETS.map((t) => s[k].failures[t]).join('/')}`);
  const header: Row = ['metric (median of rounds)', 'direct', 'bare', 'naive', 'ccr', 'naive÷bare', 'ccr÷bare'];
  const heading = `upstream over ${context.upstream === 'https' ? 'HTTPS' : 'plain http'}; ${context.size === 'large' ? `every request Claude Code-sized (${context.request})` : 'small requests (the Claude Code-sized rows excepted)'}`;
  const lines = [heading, '', markdownRow(header), markdownRow(header.map((h, i) => (i === 0 ? '---' : '---:')) as Row), ...rows.map(markdownRow)];
  lines.push('', `failed requests (${TARGETS.join('/')}): ${failures.join(', ')}`);
  if (s.slow.firstError) lines.push(`first slow-stream error: ${s.slow.firstError}`);
  // The naive column is not judged: it shows whether the floor the issue speaks of reaches each target here.
  lines.push('', '| target | value | limit | result | naive proxy |', '| --- | ---: | ---: | --- | ---: |');
  for (const c of checks) {
    const shown = (value: number) => `${fmt(value, c.unit === 'ms' ? 3 : 2)} ${c.unit}`;
    const naivePasses = c.kind === 'max' ? c.naive <= c.limit : c.naive >= c.limit;
    lines.push(`| ${c.name} | ${shown(c.value)} | ${c.kind === 'max' ? '≤' : '≥'} ${c.limit} ${c.unit} | ${c.pass ? 'PASS' : 'FAIL'} | ${shown(c.naive)} (${naivePasses ? 'pass' : 'fail'}) |`);
  }
  if (result.beforeAfter) {
    lines.push('', `Before (base: ${context.baseline}) and after (ccr: this tree), in the same rounds; judged: no loss over ${MAX_LOSS * 100} %.`, '');
    lines.push('| figure | before | after | after ÷ before | judged |', '| --- | ---: | ---: | ---: | --- |');
    for (const c of result.beforeAfter) {
      const digits = c.unit === 'ms' ? 3 : c.unit === '× bare' ? 2 : 1;
      const verdict = c.pass === undefined ? '' : c.pass ? 'PASS' : 'FAIL';
      lines.push(`| ${c.name}${c.unit ? ` (${c.unit})` : ''} | ${fmt(c.before, digits)} | ${fmt(c.after, digits)} | ${fmt(c.ratio, 3)} | ${verdict} |`);
    }
  }
  return lines.join('\n');
}

const markdownRow = (cells: Row) => `| ${cells.join(' | ')} |`;
