import { describe, expect, test } from 'bun:test';
import type { LatencyRound, LoadRound } from './scenarios';
import { pool, type SavedRun } from './pool';

/** A run whose every c=32 slot and streams round measured ccr at `ratio` of the bare proxy. */
function run(ratio: number, rounds = 5): SavedRun {
  const slot = { bare: { perSecond: 1000 }, naive: { perSecond: 950 }, ccr: { perSecond: 1000 * ratio } } as unknown as LoadRound;
  const latency = { p50: { direct: 0.1, bare: 0.2, naive: 0.25, ccr: 0.1 + ratio / 10 } } as unknown as LatencyRound;
  return { machine: { commit: 'abc' }, budget: { rounds }, rounds: { c32: Array(4 * rounds).fill(slot), split64: Array(rounds).fill(slot), latency: Array(rounds).fill(latency) } };
}

describe('pool', () => {
  test('pools every full run, and its interval spans what whole runs disagree on', () => {
    const pooled = pool([run(0.7), run(0.8), run(0.9)]);
    expect(pooled.runs).toBe(3);
    expect(pooled.figures.c32.ccr).toEqual({ median: 0.8, interval: [0.7, 0.9], values: 60 });
    expect(pooled.figures.c32.naive?.median).toBeCloseTo(0.95);
    expect(pooled.figures.streams.ccr?.values).toBe(15);
    expect(pooled.figures.addedP50.ccr?.median).toBeCloseTo(0.08);
  });

  test('leaves out --quick runs, and has nothing to say of none', () => {
    expect(pool([run(0.5, 2), run(0.9)]).figures.c32.ccr).toEqual({ median: 0.9, interval: [0.9, 0.9], values: 20 });
    const empty = pool([run(0.5, 2)]);
    expect(empty.runs).toBe(0);
    expect(empty.figures.c32.ccr).toBeUndefined();
  });
});
