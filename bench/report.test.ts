import { describe, expect, test } from 'bun:test';
import { median } from './load';
import { hostCpuTicks, stealShare } from './processes';
import { compareWithBaseline, medianInterval, slotGroups } from './report';

describe('medianInterval', () => {
  test('brackets the median, and narrows as the same spread is measured more often', () => {
    const values = [0.7, 0.75, 0.78, 0.8, 0.82, 0.85, 0.9, 0.95, 1.0, 1.1];
    const [low, high] = medianInterval(values);
    expect(low).toBeLessThan(median(values));
    expect(high).toBeGreaterThan(median(values));
    expect(low).toBeGreaterThanOrEqual(0.7);
    expect(high).toBeLessThanOrEqual(1.1);
    const [lowMore, highMore] = medianInterval([...values, ...values, ...values, ...values]);
    expect(highMore - lowMore).toBeLessThan(high - low);
  });

  test('is the value itself when every slot agrees, and repeatable for a seed', () => {
    expect(medianInterval([0.9, 0.9, 0.9])).toEqual([0.9, 0.9]);
    const values = [0.6, 0.9, 0.8, 1.2, 0.85];
    expect(medianInterval(values, 500, 7)).toEqual(medianInterval(values, 500, 7));
    expect(medianInterval([])).toEqual([NaN, NaN]);
  });
});

describe('stealShare', () => {
  test('the stolen part of the machine time between two readings, and none when no time passed', () => {
    expect(stealShare({ total: 1000, steal: 50 }, { total: 3000, steal: 250 })).toBeCloseTo(0.1);
    expect(stealShare({ total: 1000, steal: 50 }, { total: 1000, steal: 50 })).toBe(0);
    const now = hostCpuTicks();
    expect(now.total).toBeGreaterThan(0);
    expect(now.steal).toBeGreaterThanOrEqual(0);
    expect(now.steal).toBeLessThanOrEqual(now.total);
  });
});

describe('medianInterval by groups', () => {
  test('slots that share a process are resampled together, so a lucky process widens the interval', () => {
    // Three starts of the processes, sixteen slots each: one measured 0.7 in every slot, one 0.8, one 0.9.
    const values = [0.7, 0.8, 0.9].flatMap((value) => Array<number>(16).fill(value));
    const groups = [0, 1, 2].flatMap((group) => Array<number>(16).fill(group));
    // As 48 independent slots, the median is nearly always 0.8.
    expect(medianInterval(values)).toEqual([0.8, 0.8]);
    // Drawing whole starts draws one of them twice in two thirds of the resamplings.
    expect(medianInterval(values, 2000, 1, groups)).toEqual([0.7, 0.9]);
  });

  test('one group is the plain bootstrap, and labels must match the values', () => {
    const values = [0.6, 0.9, 0.8, 1.2, 0.85];
    expect(medianInterval(values, 500, 7, [3, 3, 3, 3, 3])).toEqual(medianInterval(values, 500, 7));
    expect(() => medianInterval(values, 500, 7, [0, 1])).toThrow('5 values but 2 group labels');
  });
});

describe('slotGroups', () => {
  test('gives every slot of a round the start that served the round', () => {
    expect(slotGroups(8, [0, 0, 1, 1])).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(slotGroups(3, [0, 1, 2])).toEqual([0, 1, 2]);
    expect(slotGroups(4, undefined)).toBeUndefined();
    expect(slotGroups(4, [])).toBeUndefined();
    expect(() => slotGroups(5, [0, 1])).toThrow('5 slots do not divide into 2 rounds');
  });
});

describe('compareWithBaseline', () => {
  const load = (perSecond: number, serverCpuUs = 50) => ({ completed: perSecond, failures: 0, seconds: 1, perSecond, ttfbP50: 1, totalP50: 1, totalP99: 1, serverCpuUs, serverMainCpuUs: serverCpuUs, steal: 0 });
  const slot = (ccr: number, base: number) => ({ direct: load(2000), bare: load(1000), naive: load(900), ccr: load(ccr), base: load(base) });
  const latency = (ccr: number, base: number) => ({ p50: { direct: 0.1, bare: 0.15, naive: 0.17, ccr, base }, p99: { direct: 0.2, bare: 0.3, naive: 0.3, ccr, base } });
  const slow = (failures: number) => {
    const result = (failed: number) => ({ ...load(900), failures: failed, completed: 1000 - failed, serverPeakMB: 100, serverRssBeforeMB: 60 });
    return { direct: result(0), bare: result(0), naive: result(0), ccr: result(failures), base: result(0) };
  };
  const memory = { before: { direct: 40, bare: 37, naive: 40, ccr: 62, base: 58 }, after: { direct: 40, bare: 37, naive: 40, ccr: 62, base: 58 } };
  const rounds = (ccrRate: number, slowFailures = 0) => ({
    latency: [latency(0.198, 0.19)],
    latencyLarge: [latency(1.1, 1.0)],
    c32: [slot(ccrRate, 800), slot(ccrRate * 1.1, 880)],
    c256: [],
    stream1: [],
    stream64: [slot(700, 700)],
    split64: [slot(700, 700)],
    slow: [slow(slowFailures)],
  });

  test('pairs each figure in time and judges a loss of more than a tenth', () => {
    const comparisons = compareWithBaseline(rounds(760), memory)!;
    const byName = Object.fromEntries(comparisons.map((c) => [c.name, c]));
    expect(byName['non-stream req/s at c=32']).toMatchObject({ before: 0.8, after: 0.76, pass: true });
    expect(byName['non-stream req/s at c=32'].ratio).toBeCloseTo(0.95);
    expect(byName['added p50 latency vs direct'].after).toBeCloseTo(0.098);
    expect(byName['added p50 latency vs direct'].pass).toBe(true);
    expect(byName['idle RSS after warmup']).toMatchObject({ before: 58, after: 62 });
    expect(byName['idle RSS after warmup'].pass).toBeUndefined();
    expect(compareWithBaseline(rounds(700), memory)!.find((c) => c.name === 'non-stream req/s at c=32')!.pass).toBe(false);
    expect(compareWithBaseline(rounds(760, 1), memory)!.find((c) => c.name.startsWith('slow streams'))!.pass).toBe(false);
  });

  test('is absent from a run without a baseline', () => {
    const { base: _base, ...withoutBase } = slot(1, 1);
    expect(compareWithBaseline({ ...rounds(760), c32: [withoutBase] }, memory)).toBeUndefined();
  });
});
