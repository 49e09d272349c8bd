/**
 * Completed requests waiting for their batch, kept as columns: numbers in one Float64Array, names
 * in one array, both reused from batch to batch. An object per request held until its batch
 * (up to a second) outlived the young generation of the garbage collector, and promoting and then
 * collecting those objects cost as much as the rest of recording: bench/ab.ts against the tree
 * without usage measured 8.4 µs more CPU a request with objects, 4.1 with columns.
 * request-lines.ts keeps log lines the same way.
 */
import type { Estimators } from './estimate';
import type { RequestUsage } from './recorder';

/** at, input, output, cache read, cache write, latency, time to first byte (NaN: none), status, streamed, hops */
const NUMBERS = 10;
/** session, route, provider, model, requested model, outcome, error */
const NAMES = 7;
/** Distinct session ids and requested models remembered, so that each request's copy of one is not what is kept. */
const MAX_INTERNED = 256;

export interface PendingEntry {
  at: number;
  usage: RequestUsage;
}

export class PendingUsage {
  length = 0;
  private numbers: Float64Array;
  private names: Array<string | undefined>;
  /** The rare request whose upstream gave no usage: what to count it with, by position. */
  private readonly estimators = new Map<number, Estimators>();
  private readonly interned = new Map<string, string>();

  constructor(private capacity = 1024) {
    this.numbers = new Float64Array(capacity * NUMBERS);
    this.names = new Array<string | undefined>(capacity * NAMES);
  }

  push(at: number, usage: RequestUsage): void {
    if (this.length === this.capacity) this.grow();
    const index = this.length++;
    const n = index * NUMBERS;
    const numbers = this.numbers;
    const tokens = usage.usage;
    numbers[n] = at;
    numbers[n + 1] = tokens.input_tokens ?? 0;
    numbers[n + 2] = tokens.output_tokens ?? 0;
    numbers[n + 3] = tokens.cache_read_input_tokens ?? 0;
    numbers[n + 4] = tokens.cache_creation_input_tokens ?? 0;
    numbers[n + 5] = usage.latencyMs;
    numbers[n + 6] = usage.ttftMs ?? NaN;
    numbers[n + 7] = usage.status;
    numbers[n + 8] = usage.streamed ? 1 : 0;
    numbers[n + 9] = usage.hops;
    const s = index * NAMES;
    const names = this.names;
    names[s] = this.intern(usage.sessionId);
    names[s + 1] = usage.route;
    names[s + 2] = usage.provider;
    names[s + 3] = usage.model;
    names[s + 4] = usage.requestedModel === undefined ? undefined : this.intern(usage.requestedModel);
    names[s + 5] = usage.outcome;
    names[s + 6] = usage.error;
    if (usage.estimators) this.estimators.set(index, usage.estimators);
  }

  /** Everything queued, oldest first, as entries; the queue is empty after. */
  take(): PendingEntry[] {
    const entries: PendingEntry[] = new Array(this.length);
    const { numbers, names } = this;
    for (let index = 0; index < this.length; index++) {
      const n = index * NUMBERS;
      const s = index * NAMES;
      const ttft = numbers[n + 6];
      entries[index] = {
        at: numbers[n],
        usage: {
          sessionId: names[s]!,
          route: names[s + 1],
          provider: names[s + 2],
          model: names[s + 3],
          requestedModel: names[s + 4],
          usage: { input_tokens: numbers[n + 1], output_tokens: numbers[n + 2], cache_read_input_tokens: numbers[n + 3], cache_creation_input_tokens: numbers[n + 4] },
          estimators: this.estimators.get(index),
          latencyMs: numbers[n + 5],
          ttftMs: ttft === ttft ? ttft : undefined,
          status: numbers[n + 7],
          outcome: names[s + 5] as RequestUsage['outcome'],
          streamed: numbers[n + 8] === 1,
          hops: numbers[n + 9],
          error: names[s + 6],
        },
      };
    }
    // Names dropped so that the strings they hold can go; numbers are overwritten.
    names.fill(undefined, 0, this.length * NAMES);
    this.estimators.clear();
    this.length = 0;
    return entries;
  }

  private intern(name: string): string {
    const known = this.interned.get(name);
    if (known !== undefined) return known;
    if (this.interned.size >= MAX_INTERNED) this.interned.clear();
    this.interned.set(name, name);
    return name;
  }

  private grow(): void {
    this.capacity *= 2;
    const numbers = new Float64Array(this.capacity * NUMBERS);
    numbers.set(this.numbers);
    this.numbers = numbers;
    this.names.length = this.capacity * NAMES;
  }
}
