/**
 * The judged figures over several `npm run bench` runs at once: the c=32 ratio (every
 * run's slots pooled), the streams ratio and the added p50 latency (every run's rounds pooled),
 * each with a 90 % bootstrap interval of the pooled median that resamples whole runs, then slots
 * or rounds within each, since those of one run share that run's host load and processes.
 *
 *   bun bench/pool.ts bench/results/<run>.json [<run>.json …]
 *
 * Runs with fewer than five rounds (`--quick`) are refused: their warm-up is too short to compare.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { median } from './load';
import { medianInterval } from './report';

type Rates = Record<'bare' | 'naive' | 'ccr', { perSecond: number }>;

interface SavedRun {
  machine: { commit?: string };
  budget: { rounds: number };
  rounds: { c32: Rates[]; split64: Rates[]; latency: { p50: Record<'direct' | 'naive' | 'ccr', number> }[] };
}

/** One figure's values over the runs, and which run each came from. */
class Pooled {
  readonly values: Record<'naive' | 'ccr', number[]> = { naive: [], ccr: [] };
  readonly groups: number[] = [];

  add(run: number, naive: number[], ccr: number[]): void {
    this.values.naive.push(...naive);
    this.values.ccr.push(...ccr);
    for (let i = 0; i < ccr.length; i++) this.groups.push(run);
  }

  print(label: string, digits: number): void {
    for (const t of ['ccr', 'naive'] as const) {
      const [low, high] = medianInterval(this.values[t], 2000, 1, this.groups);
      console.log(`${label}, ${t}: median ${median(this.values[t]).toFixed(digits)}, 90 % interval ${low.toFixed(digits)}–${high.toFixed(digits)} (${this.values[t].length} values)`);
    }
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: bun bench/pool.ts <results.json> [<results.json> …]');
  process.exit(2);
}

const c32 = new Pooled();
const streams = new Pooled();
const latency = new Pooled();
let runs = 0;
for (const [run, file] of files.entries()) {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedRun;
  if (saved.budget.rounds < 5) {
    console.error(`${file}: a --quick run (${saved.budget.rounds} rounds); left out`);
    continue;
  }
  runs++;
  const ratios = (slots: Rates[], t: 'naive' | 'ccr') => slots.map((slot) => slot[t].perSecond / slot.bare.perSecond);
  const added = (t: 'naive' | 'ccr') => saved.rounds.latency.map((round) => round.p50[t] - round.p50.direct);
  c32.add(run, ratios(saved.rounds.c32, 'naive'), ratios(saved.rounds.c32, 'ccr'));
  streams.add(run, ratios(saved.rounds.split64, 'naive'), ratios(saved.rounds.split64, 'ccr'));
  latency.add(run, added('naive'), added('ccr'));
  console.log(
    `${basename(file)} (${saved.machine.commit ?? '?'}): c=32 ccr ${median(ratios(saved.rounds.c32, 'ccr')).toFixed(2)}, ` +
      `streams ccr ${median(ratios(saved.rounds.split64, 'ccr')).toFixed(2)}, added p50 ccr ${median(added('ccr')).toFixed(3)} ms`,
  );
}
console.log(`\nover ${runs} runs (targets: c=32 ≥ 0.8, streams ≥ 0.7, added p50 ≤ 0.25 ms):`);
c32.print('non-stream c=32 ÷ bare', 3);
streams.print('streams at c=64, one write per chunk, ÷ bare', 3);
latency.print('added p50 latency (ms)', 3);
