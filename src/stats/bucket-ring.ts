/**
 * A window of time cut into fixed buckets (60 one-second buckets for the last minute…), each
 * holding a tally per provider and model and a count per route. A bucket is reused when its slot
 * comes round again, so memory stays bounded whatever the traffic. Pure: times are passed in.
 */
import { addSample, newTally, type Sample, type Tally } from './tally';

export interface Bucket {
  /** ms since the epoch. */
  start: number;
  /** By `provider\u0000model`. */
  tallies: Map<string, Tally>;
  routes: Map<string, number>;
}

export class BucketRing {
  private readonly buckets: Array<Bucket | undefined>;

  constructor(
    readonly widthMs: number,
    readonly count: number,
  ) {
    this.buckets = new Array(count);
  }

  get spanMs(): number {
    return this.widthMs * this.count;
  }

  /** Counts a sample in the bucket of its time; one older than the window is left out. */
  add(sample: Sample, key: string, now: number): void {
    const start = Math.floor(sample.at / this.widthMs) * this.widthMs;
    if (start <= now - this.spanMs) return;
    const slot = Math.floor(start / this.widthMs) % this.count;
    let bucket = this.buckets[slot];
    if (bucket === undefined) bucket = this.buckets[slot] = { start, tallies: new Map(), routes: new Map() };
    else if (bucket.start !== start) {
      if (bucket.start > start) return;
      bucket.start = start;
      bucket.tallies.clear();
      bucket.routes.clear();
    }
    let tally = bucket.tallies.get(key);
    if (tally === undefined) bucket.tallies.set(key, (tally = newTally()));
    addSample(tally, sample);
    if (sample.route !== '') bucket.routes.set(sample.route, (bucket.routes.get(sample.route) ?? 0) + 1);
  }

  /** The window ending at `now`, one entry a bucket, oldest first; a bucket with no request is an empty one. */
  window(now: number): Bucket[] {
    const last = Math.floor(now / this.widthMs) * this.widthMs;
    const out: Bucket[] = [];
    for (let i = this.count - 1; i >= 0; i--) {
      const start = last - i * this.widthMs;
      const bucket = this.buckets[Math.floor(start / this.widthMs) % this.count];
      out.push(bucket !== undefined && bucket.start === start ? bucket : { start, tallies: EMPTY_TALLIES, routes: EMPTY_ROUTES });
    }
    return out;
  }
}

const EMPTY_TALLIES: Map<string, Tally> = new Map();
const EMPTY_ROUTES: Map<string, number> = new Map();
