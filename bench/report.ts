/**
 * Medians over rounds, ratios to the bare pass-through (computed per round, then the median: the
 * rounds are paired in time, so drift cancels), the targets from the issue, and the table.
 */
import { median, type TargetName } from './load';
import type { LatencyRound, LoadRound, SlowRound } from './scenarios';

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
}

export interface IdleMemory {
  /** RSS in MB after startup and warmup, before the load. */
  before: Record<TargetName, number>;
  /** RSS in MB after all the load, once it settled. */
  after: Record<TargetName, number>;
}

export interface Check {
  name: string;
  value: number;
  limit: number;
  /** `max`: value must be ≤ limit; `min`: ≥ limit. */
  kind: 'max' | 'min';
  unit: string;
  pass: boolean;
}

type Row = [label: string, direct: string, bare: string, ccr: string, ratio: string];

const TARGETS: TargetName[] = ['direct', 'bare', 'ccr'];
const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const per = <R>(rounds: R[], pick: (round: R) => number) => median(rounds.map(pick));

export function summarize(rounds: Rounds, memory: IdleMemory) {
  const load = (key: 'c32' | 'c256' | 'stream1' | 'stream64' | 'split64', field: 'perSecond' | 'ttfbP50' | 'totalP50') =>
    Object.fromEntries(TARGETS.map((t) => [t, per(rounds[key], (r) => r[t][field])])) as Record<TargetName, number>;
  const ratio = (key: 'c32' | 'c256' | 'stream1' | 'stream64' | 'split64') => per(rounds[key], (r) => r.ccr.perSecond / r.bare.perSecond);
  const failures = (key: keyof Omit<Rounds, 'latency' | 'latencyLarge'>) =>
    Object.fromEntries(TARGETS.map((t) => [t, rounds[key].reduce((sum, r) => sum + r[t].failures, 0)])) as Record<TargetName, number>;
  const slowPeak = Object.fromEntries(TARGETS.map((t) => [t, Math.max(...rounds.slow.map((r) => r[t].serverPeakMB))])) as Record<TargetName, number>;

  const summary = {
    latencyP50: Object.fromEntries(TARGETS.map((t) => [t, per(rounds.latency, (r) => r.p50[t])])) as Record<TargetName, number>,
    latencyP99: Object.fromEntries(TARGETS.map((t) => [t, per(rounds.latency, (r) => r.p99[t])])) as Record<TargetName, number>,
    largeP50: Object.fromEntries(TARGETS.map((t) => [t, per(rounds.latencyLarge, (r) => r.p50[t])])) as Record<TargetName, number>,
    largeAddedP50: { bare: per(rounds.latencyLarge, (r) => r.p50.bare - r.p50.direct), ccr: per(rounds.latencyLarge, (r) => r.p50.ccr - r.p50.direct) },
    cpuUs: Object.fromEntries((['c32', 'c256', 'stream1', 'stream64', 'split64'] as const).map((k) => [k, Object.fromEntries(TARGETS.map((t) => [t, per(rounds[k], (r) => r[t].serverCpuUs)]))])) as Record<
      'c32' | 'c256' | 'stream1' | 'stream64' | 'split64',
      Record<TargetName, number>
    >,
    addedP50: { bare: per(rounds.latency, (r) => r.p50.bare - r.p50.direct), ccr: per(rounds.latency, (r) => r.p50.ccr - r.p50.direct) },
    addedP99: { bare: per(rounds.latency, (r) => r.p99.bare - r.p99.direct), ccr: per(rounds.latency, (r) => r.p99.ccr - r.p99.direct) },
    c32: { perSecond: load('c32', 'perSecond'), ratio: ratio('c32'), failures: failures('c32') },
    c256: { perSecond: load('c256', 'perSecond'), ratio: ratio('c256'), failures: failures('c256') },
    stream1: { perSecond: load('stream1', 'perSecond'), ttfb: load('stream1', 'ttfbP50'), total: load('stream1', 'totalP50'), ratio: ratio('stream1'), failures: failures('stream1') },
    stream64: { perSecond: load('stream64', 'perSecond'), ttfb: load('stream64', 'ttfbP50'), total: load('stream64', 'totalP50'), ratio: ratio('stream64'), failures: failures('stream64') },
    split64: { perSecond: load('split64', 'perSecond'), ttfb: load('split64', 'ttfbP50'), total: load('split64', 'totalP50'), ratio: ratio('split64'), failures: failures('split64') },
    slow: {
      completed: Object.fromEntries(TARGETS.map((t) => [t, Math.min(...rounds.slow.map((r) => r[t].completed))])) as Record<TargetName, number>,
      failures: failures('slow'),
      seconds: Object.fromEntries(TARGETS.map((t) => [t, per(rounds.slow, (r) => r[t].seconds)])) as Record<TargetName, number>,
      peakMB: slowPeak,
      firstError: rounds.slow.flatMap((r) => TARGETS.map((t) => r[t].firstError)).find(Boolean),
    },
    memory,
  };

  const slowCount = rounds.slow[0] ? rounds.slow[0].ccr.completed + rounds.slow[0].ccr.failures : 0;
  const checks: Check[] = [
    check('added p50 latency (ccr − direct)', summary.addedP50.ccr, 0.25, 'max', 'ms'),
    check('non-stream req/s at c=32, ccr ÷ bare', summary.c32.ratio, 0.8, 'min', '×'),
    check('streams/s at c=64, ccr ÷ bare', summary.stream64.ratio, 0.7, 'min', '×'),
    check('idle RSS of ccr', memory.before.ccr, 60, 'max', 'MB'),
    check(`peak RSS of ccr during ${slowCount} slow streams`, summary.slow.peakMB.ccr, 150, 'max', 'MB'),
    check(`slow streams failed (of ${slowCount} × ${rounds.slow.length} rounds)`, summary.slow.failures.ccr, 0, 'max', ''),
  ];
  return { summary, checks };
}

function check(name: string, value: number, limit: number, kind: 'max' | 'min', unit: string): Check {
  return { name, value, limit, kind, unit, pass: kind === 'max' ? value <= limit : value >= limit };
}

export function renderTable(result: ReturnType<typeof summarize>): string {
  const { summary: s, checks } = result;
  const three = (values: Record<TargetName, number>, digits = 2): [string, string, string] => [fmt(values.direct, digits), fmt(values.bare, digits), fmt(values.ccr, digits)];
  const div = (values: Record<TargetName, number>) => fmt(values.ccr / values.bare);
  const rows: Row[] = [
    ['latency c=1 p50 (ms)', ...three(s.latencyP50, 3), div(s.latencyP50)],
    ['latency c=1 p99 (ms)', ...three(s.latencyP99, 3), div(s.latencyP99)],
    ['added p50 vs direct (ms)', '', fmt(s.addedP50.bare, 3), fmt(s.addedP50.ccr, 3), ''],
    ['added p99 vs direct (ms)', '', fmt(s.addedP99.bare, 3), fmt(s.addedP99.ccr, 3), ''],
    ['latency c=1, 130 KB request, p50 (ms)', ...three(s.largeP50, 3), div(s.largeP50)],
    ['added p50 vs direct, 130 KB request (ms)', '', fmt(s.largeAddedP50.bare, 3), fmt(s.largeAddedP50.ccr, 3), ''],
    ['non-stream c=32 (req/s)', ...three(s.c32.perSecond, 0), fmt(s.c32.ratio)],
    ['non-stream c=32 server CPU per request (µs)', ...three(s.cpuUs.c32, 0), div(s.cpuUs.c32)],
    ['non-stream c=256 (req/s)', ...three(s.c256.perSecond, 0), fmt(s.c256.ratio)],
    ['non-stream c=256 server CPU per request (µs)', ...three(s.cpuUs.c256, 0), div(s.cpuUs.c256)],
    ['100-chunk c=1 TTFB p50 (ms)', ...three(s.stream1.ttfb, 3), div(s.stream1.ttfb)],
    ['100-chunk c=1 total p50 (ms)', ...three(s.stream1.total, 3), div(s.stream1.total)],
    ['100-chunk c=1 (streams/s)', ...three(s.stream1.perSecond, 0), fmt(s.stream1.ratio)],
    ['100-chunk c=64 TTFB p50 (ms)', ...three(s.stream64.ttfb), div(s.stream64.ttfb)],
    ['100-chunk c=64 total p50 (ms)', ...three(s.stream64.total), div(s.stream64.total)],
    ['100-chunk c=64 (streams/s)', ...three(s.stream64.perSecond, 0), fmt(s.stream64.ratio)],
    ['100-chunk c=64 server CPU per stream (µs)', ...three(s.cpuUs.stream64, 0), div(s.cpuUs.stream64)],
    ['100 chunks written one by one, c=64 (streams/s)', ...three(s.split64.perSecond, 0), fmt(s.split64.ratio)],
    ['100 chunks written one by one, c=64, server CPU per stream (µs)', ...three(s.cpuUs.split64, 0), div(s.cpuUs.split64)],
    ['slow streams completed (min of rounds)', ...three(s.slow.completed, 0), ''],
    ['slow streams wall time (s)', ...three(s.slow.seconds), div(s.slow.seconds)],
    ['server peak RSS, slow streams (MB)', ...three(s.slow.peakMB, 1), div(s.slow.peakMB)],
    ['server idle RSS after warmup (MB)', ...three(s.memory.before, 1), div(s.memory.before)],
    ['server idle RSS after the run (MB)', ...three(s.memory.after, 1), div(s.memory.after)],
  ];
  const failures = (['c32', 'c256', 'stream1', 'stream64', 'split64', 'slow'] as const).map((k) => `${k} ${s[k].failures.direct}/${s[k].failures.bare}/${s[k].failures.ccr}`);
  const header: Row = ['metric (median of rounds)', 'direct', 'bare', 'ccr', 'ccr÷bare'];
  const lines = [markdownRow(header), markdownRow(header.map((h, i) => (i === 0 ? '---' : '---:')) as Row), ...rows.map(markdownRow)];
  lines.push('', `failed requests (direct/bare/ccr): ${failures.join(', ')}`);
  if (s.slow.firstError) lines.push(`first slow-stream error: ${s.slow.firstError}`);
  lines.push('', '| target | value | limit | result |', '| --- | ---: | ---: | --- |');
  for (const c of checks) lines.push(`| ${c.name} | ${fmt(c.value, c.unit === 'ms' ? 3 : 2)} ${c.unit} | ${c.kind === 'max' ? '≤' : '≥'} ${c.limit} ${c.unit} | ${c.pass ? 'PASS' : 'FAIL'} |`);
  return lines.join('\n');
}

const markdownRow = (cells: Row) => `| ${cells.join(' | ')} |`;
