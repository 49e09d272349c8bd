import { describe, expect, test } from 'bun:test';
import { median } from './load';
import { hostCpuTicks, stealShare } from './processes';
import { medianInterval, slotGroups } from './report';

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
