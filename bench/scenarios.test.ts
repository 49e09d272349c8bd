import { describe, expect, test } from 'bun:test';
import { balancedOrder, generationOf } from './scenarios';

describe('balancedOrder', () => {
  test.each([2, 4, 6])('over %i rounds, every target runs in every position and follows every other target exactly once', (n) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const rows = Array.from({ length: n }, (_, round) => balancedOrder(items, round));
    for (const row of rows) expect([...row].sort((a, b) => a - b)).toEqual(items);
    for (let position = 0; position < n; position++) expect(new Set(rows.map((row) => row[position])).size).toBe(n);
    const pairs = rows.flatMap((row) => row.slice(1).map((item, i) => `${row[i]}>${item}`));
    expect(new Set(pairs).size).toBe(n * (n - 1));
    expect(balancedOrder(items, n + 1)).toEqual(rows[1]);
  });

  test.each([3, 5])('with %i targets, over twice as many rounds every target follows every other one exactly twice', (n) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const rows = Array.from({ length: 2 * n }, (_, round) => balancedOrder(items, round));
    for (let position = 0; position < n; position++) expect(new Set(rows.map((row) => row[position])).size).toBe(n);
    const pairs = rows.flatMap((row) => row.slice(1).map((item, i) => `${row[i]}>${item}`));
    const counts = new Map<string, number>();
    for (const pair of pairs) counts.set(pair, (counts.get(pair) ?? 0) + 1);
    expect(counts.size).toBe(n * (n - 1));
    expect(new Set(counts.values())).toEqual(new Set([2]));
  });
});

describe('generationOf', () => {
  test('spreads the rounds over the starts of the proxies as evenly as they divide, in order', () => {
    const starts = (rounds: number, generations: number) => Array.from({ length: rounds }, (_, round) => generationOf(round, rounds, generations));
    expect(starts(5, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(starts(5, 2)).toEqual([0, 0, 0, 1, 1]);
    expect(starts(5, 1)).toEqual([0, 0, 0, 0, 0]);
    expect(starts(6, 3)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
