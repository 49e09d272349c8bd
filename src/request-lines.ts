/**
 * The `info` line every request logs, kept as values and formatted a batch at a time.
 *
 * Formatting each line when its request ends (an object, a JSON.stringify, a string held until the
 * sink writes it) cost ccr's main thread about 5 µs per request under load, several times what the
 * same code costs in a loop: between two requests the formatter's code and data have gone cold.
 * Here a request stores a few numbers and three interned names, and a batch is formatted in one
 * pass when it is full or a moment later (bench/README.md, sixth session, has the A/B).
 *
 * Only the plain line takes this path: one with a rule, a stream status, an error, warnings or a
 * number that is not finite is refused (`add` returns false) and goes through the general
 * formatter (log.ts, `logInfoLine`), which writes what pino writes. Both produce the same bytes for
 * the same fields (request-lines.test.ts).
 */
export interface RequestLineFields {
  route: string;
  rule?: string;
  tokens?: number;
  provider: string;
  model: string;
  status: number;
  stream: boolean;
  ms: number;
  input_tokens?: number;
  output_tokens?: number;
  cache_read_tokens?: number;
  stream_status?: string;
  error?: string;
  warnings?: string[];
}

export interface RequestLinesOptions {
  /** Lines kept before a batch is written at once. */
  capacity?: number;
  /** How long a line may wait for others. */
  flushMs?: number;
}

/** Numbers per line: time, status, ms, tokens, input, output, cache read (NaN when absent). */
const NUMBERS = 7;
/** Names per line, JSON-quoted: route, provider, model. */
const NAMES = 3;
/** Distinct names quoted and remembered; explicit routes can name any model, so the memory starts over past this. */
const MAX_QUOTED = 256;

export class RequestLines {
  private count = 0;
  private readonly capacity: number;
  private readonly flushMs: number;
  private readonly numbers: Float64Array;
  private readonly names: string[];
  private readonly streams: Uint8Array;
  private readonly quoted = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly out: { write(text: string): unknown },
    { capacity = 256, flushMs = 50 }: RequestLinesOptions = {},
  ) {
    this.capacity = capacity;
    this.flushMs = flushMs;
    this.numbers = new Float64Array(capacity * NUMBERS);
    this.names = new Array<string>(capacity * NAMES);
    this.streams = new Uint8Array(capacity);
  }

  /** Records the line of a request that ended at `time` (ms since the epoch); false if it needs the general formatter. */
  add(time: number, fields: RequestLineFields): boolean {
    const { tokens, input_tokens: input, output_tokens: output, cache_read_tokens: cache } = fields;
    if (fields.rule !== undefined || fields.stream_status !== undefined || fields.error !== undefined || fields.warnings !== undefined) return false;
    if (!Number.isFinite(fields.status) || !Number.isFinite(fields.ms) || !absentOrFinite(tokens) || !absentOrFinite(input) || !absentOrFinite(output) || !absentOrFinite(cache)) {
      return false;
    }
    const line = this.count++;
    const at = line * NUMBERS;
    const numbers = this.numbers;
    numbers[at] = time;
    numbers[at + 1] = fields.status;
    numbers[at + 2] = fields.ms;
    numbers[at + 3] = tokens ?? NaN;
    numbers[at + 4] = input ?? NaN;
    numbers[at + 5] = output ?? NaN;
    numbers[at + 6] = cache ?? NaN;
    const names = line * NAMES;
    this.names[names] = this.quote(fields.route);
    this.names[names + 1] = this.quote(fields.provider);
    this.names[names + 2] = this.quote(fields.model);
    this.streams[line] = fields.stream ? 1 : 0;
    if (this.count === this.capacity) this.drain();
    else this.timer ??= this.startTimer();
    return true;
  }

  /** Writes every recorded line now, in order; the logger calls it before any other line. */
  drain(): void {
    const count = this.count;
    if (count === 0) return;
    this.count = 0;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const numbers = this.numbers;
    const names = this.names;
    let text = '';
    for (let line = 0; line < count; line++) {
      const at = line * NUMBERS;
      const name = line * NAMES;
      // pino's key order, undefined fields left out (log.ts, logInfoLine).
      text +=
        `{"level":30,"time":${numbers[at]},"route":${names[name]}${optional(',"tokens":', numbers[at + 3])},"provider":${names[name + 1]},"model":${names[name + 2]},` +
        `"status":${numbers[at + 1]},"stream":${this.streams[line] === 1},"ms":${numbers[at + 2]}${optional(',"input_tokens":', numbers[at + 4])}` +
        `${optional(',"output_tokens":', numbers[at + 5])}${optional(',"cache_read_tokens":', numbers[at + 6])},"msg":"request"}\n`;
    }
    this.out.write(text);
  }

  private startTimer(): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, this.flushMs);
    // Waiting lines must not keep the process alive; exit drains them (log.ts).
    timer.unref();
    return timer;
  }

  /** The name as a JSON string, quoted once: route, provider and model names repeat on every line. */
  private quote(name: string): string {
    let quoted = this.quoted.get(name);
    if (quoted === undefined) {
      if (this.quoted.size >= MAX_QUOTED) this.quoted.clear();
      quoted = JSON.stringify(name);
      this.quoted.set(name, quoted);
    }
    return quoted;
  }
}

const absentOrFinite = (value: number | undefined) => value === undefined || Number.isFinite(value);

/** A finite number is written as JSON writes it (`${n}` is the same text); NaN marks an absent field. */
const optional = (key: string, value: number) => (value === value ? `${key}${value}` : '');
