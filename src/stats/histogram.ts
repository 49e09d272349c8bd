/**
 * Durations counted in fixed logarithmic bins, for percentiles that cost one increment a sample
 * and merge by addition: ten bins a decade from 0.01 ms to 1,000 s (so a percentile is read to
 * within about 12 %, interpolated inside its bin). Pure.
 */

/** Bin i holds durations in [BIN_EDGES_MS[i], BIN_EDGES_MS[i+1]); the first and last bins are open-ended. */
const DECADES_FROM = -2;
const DECADES_TO = 6;
const PER_DECADE = 10;
export const BIN_COUNT = (DECADES_TO - DECADES_FROM) * PER_DECADE + 1;
export const BIN_EDGES_MS: readonly number[] = Array.from({ length: BIN_COUNT }, (_, i) => 10 ** (DECADES_FROM + i / PER_DECADE));

export type Bins = Uint32Array;

export const newBins = (): Bins => new Uint32Array(BIN_COUNT);

/** The bin of a duration in milliseconds. */
export function binOf(ms: number): number {
  if (!(ms > BIN_EDGES_MS[0])) return 0;
  const bin = Math.floor((Math.log10(ms) - DECADES_FROM) * PER_DECADE + 1e-9);
  return bin >= BIN_COUNT ? BIN_COUNT - 1 : bin;
}

export function addBins(into: Bins, from: Bins): void {
  for (let i = 0; i < BIN_COUNT; i++) into[i] += from[i];
}

/** The q-quantile (0..1) in milliseconds, linear inside its bin; null with no sample. */
export function quantileOf(bins: Bins, q: number): number | null {
  let total = 0;
  for (let i = 0; i < BIN_COUNT; i++) total += bins[i];
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < BIN_COUNT; i++) {
    const count = bins[i];
    if (count === 0) continue;
    if (seen + count >= rank) {
      const low = BIN_EDGES_MS[i];
      const high = i + 1 < BIN_COUNT ? BIN_EDGES_MS[i + 1] : low;
      const within = (rank - seen) / count;
      return round(low + (high - low) * within);
    }
    seen += count;
  }
  return round(BIN_EDGES_MS[BIN_COUNT - 1]);
}

/** Three significant digits: the bins carry no more. */
const round = (ms: number) => Number(ms.toPrecision(3));
