import { describe, expect, test } from 'bun:test';
import { BIN_COUNT, BIN_EDGES_MS, binOf, newBins, quantileOf } from './histogram';

describe('bins', () => {
  test('ten a decade from 0.01 ms; below and above the range land in the first and last bins', () => {
    expect(BIN_EDGES_MS[0]).toBeCloseTo(0.01);
    expect(BIN_EDGES_MS[10]).toBeCloseTo(0.1);
    expect(binOf(0)).toBe(0);
    expect(binOf(0.001)).toBe(0);
    expect(binOf(1)).toBe(20);
    expect(binOf(1.2)).toBe(20);
    expect(binOf(1.26)).toBe(21);
    expect(binOf(1e12)).toBe(BIN_COUNT - 1);
    expect(binOf(Number.NaN)).toBe(0);
  });

  test('every duration falls in the bin whose edges hold it', () => {
    for (const ms of [0.013, 0.2, 0.25, 3, 47, 999.9, 1000, 12_345, 599_999]) {
      const bin = binOf(ms);
      expect(BIN_EDGES_MS[bin]).toBeLessThanOrEqual(ms * (1 + 1e-9));
      expect(BIN_EDGES_MS[bin + 1]).toBeGreaterThan(ms);
    }
  });
});

describe('quantileOf', () => {
  test('null without a sample', () => {
    expect(quantileOf(newBins(), 0.5)).toBeNull();
  });

  test('within the 12 % a bin spans, for a spread of latencies', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 50 + i * 3);
    const bins = newBins();
    for (const value of values) bins[binOf(value)]++;
    for (const q of [0.5, 0.95]) {
      const exact = values[Math.ceil(q * values.length) - 1];
      const estimated = quantileOf(bins, q)!;
      expect(Math.abs(estimated - exact) / exact).toBeLessThan(0.12);
    }
  });

  test('one sample: its bin', () => {
    const bins = newBins();
    bins[binOf(230)]++;
    const p50 = quantileOf(bins, 0.5)!;
    expect(p50).toBeGreaterThan(199);
    expect(p50).toBeLessThan(252);
  });
});
