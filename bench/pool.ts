/**
 * The judged figures over several `npm run bench` runs at once: the c=32 ratio (every
 * run's slots pooled), the streams ratio and the added p50 latency (every run's rounds pooled),
 * each with a 90 % bootstrap interval of the pooled median that resamples whole runs, then slots
 * or rounds within each, since those of one run share that run's host load and processes.
 *
 *   bun bench/pool.ts bench/results/<run>.json [<run>.json …]
 *
 * Runs with fewer than five rounds (`--quick`) are left out: their warm-up is too short to compare.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { median } from './load';
import { addedOverDirect, medianInterval, ratiosToBare, type Rounds } from './report';

/** The part of a results file (run.ts) that pooling reads. */
export interface SavedRun {
  machine: { commit?: string };
  budget: { rounds: number };
  rounds: Pick<Rounds, 'c32' | 'split64' | 'latency'>;
}

type Converter = 'naive' | 'ccr';
/** A pooled figure: its median over every run's values, and the 90 % interval resampling whole runs. */
export type PooledFigure = Record<Converter, { median: number; interval: [number, number]; values: number } | undefined>;

const FIGURES = {
  c32: (run: SavedRun, t: Converter) => ratiosToBare(run.rounds.c32, t),
  streams: (run: SavedRun, t: Converter) => ratiosToBare(run.rounds.split64, t),
  addedP50: (run: SavedRun, t: Converter) => addedOverDirect(run.rounds.latency, 'p50', t),
};

/** `--quick` runs are left out; every other run's values are one group. */
export function pool(runs: readonly SavedRun[]): { runs: number; figures: Record<keyof typeof FIGURES, PooledFigure> } {
  const kept = runs.filter((run) => run.budget.rounds >= 5);
  const figure = (valuesOf: (run: SavedRun, t: Converter) => number[]): PooledFigure => {
    const result = {} as PooledFigure;
    for (const t of ['ccr', 'naive'] as const) {
      const perRun = kept.map((run) => valuesOf(run, t));
      const values = perRun.flat();
      const groups = perRun.flatMap((runValues, run) => runValues.map(() => run));
      result[t] = values.length === 0 ? undefined : { median: median(values), interval: medianInterval(values, 2000, 1, groups), values: values.length };
    }
    return result;
  };
  return { runs: kept.length, figures: { c32: figure(FIGURES.c32), streams: figure(FIGURES.streams), addedP50: figure(FIGURES.addedP50) } };
}

if (import.meta.main) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: bun bench/pool.ts <results.json> [<results.json> …]');
    process.exit(2);
  }
  const runs = files.map((file) => ({ file, run: JSON.parse(readFileSync(file, 'utf8')) as SavedRun }));
  for (const { file, run } of runs) {
    if (run.budget.rounds < 5) {
      console.error(`${file}: a --quick run (${run.budget.rounds} rounds); left out`);
      continue;
    }
    const ccr = (key: keyof typeof FIGURES) => median(FIGURES[key](run, 'ccr'));
    console.log(`${basename(file)} (${run.machine.commit ?? '?'}): c=32 ccr ${ccr('c32').toFixed(2)}, streams ccr ${ccr('streams').toFixed(2)}, added p50 ccr ${ccr('addedP50').toFixed(3)} ms`);
  }
  const pooled = pool(runs.map(({ run }) => run));
  console.log(`\nover ${pooled.runs} runs (targets: c=32 ≥ 0.8, streams ≥ 0.7, added p50 ≤ 0.25 ms):`);
  const labels = { c32: 'non-stream c=32 ÷ bare', streams: 'streams at c=64, one write per chunk, ÷ bare', addedP50: 'added p50 latency (ms)' };
  for (const key of Object.keys(labels) as (keyof typeof labels)[]) {
    for (const t of ['ccr', 'naive'] as const) {
      const f = pooled.figures[key][t];
      if (f) console.log(`${labels[key]}, ${t}: median ${f.median.toFixed(3)}, 90 % interval ${f.interval[0].toFixed(3)}–${f.interval[1].toFixed(3)} (${f.values} values)`);
    }
  }
}
