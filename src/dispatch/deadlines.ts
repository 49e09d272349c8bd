/**
 * Deadlines for the upstream calls in flight, all on one timer. Every call gets the same allowance
 * (API_TIMEOUT_MS), so the calls ordered by when they started (or last heard from their upstream)
 * are also ordered by when they expire: a list, appended at the tail, is always sorted, and only
 * its head needs a timer. A timer of its own per call (set, refreshed, cleared) cost ccr's main
 * thread about a microsecond per request at c=32 (bench/README.md, seventh session).
 */

/** What a deadline ends: called once, when its allowance ran out without a renewal. */
export interface Expiring {
  expire(): void;
}

/** One call's place in the list. */
export interface Deadline {
  /** Starts the allowance again from now: the upstream was heard from. */
  renew(): void;
  /** The call ended in time: its deadline will never fire. */
  cancel(): void;
}

/** Time and timers, replaceable in tests. */
export interface Clock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** setTimeout's longest delay; a longer one would fire at once. The list re-arms when it fires early. */
const MAX_TIMER_MS = 2 ** 31 - 1;

class ListedDeadline implements Deadline {
  prev: ListedDeadline | undefined;
  next: ListedDeadline | undefined;
  /** When it expires, on the clock's scale. */
  at = 0;
  /** In the list: not yet expired nor cancelled. */
  listed = false;

  constructor(
    readonly list: DeadlineList,
    readonly item: Expiring,
  ) {}

  renew(): void {
    if (this.listed) this.list.renew(this);
  }

  cancel(): void {
    if (this.listed) this.list.unlink(this);
  }
}

/** The calls that share one allowance, soonest deadline first. */
export class DeadlineList {
  private head: ListedDeadline | undefined;
  private tail: ListedDeadline | undefined;
  private timer: unknown;
  /** When the armed timer fires, on the clock's scale. */
  private timerAt = Infinity;
  private readonly fire = () => this.expireDue();

  constructor(
    readonly ms: number,
    private readonly clock: Clock = realClock,
  ) {}

  add(item: Expiring): Deadline {
    const node = new ListedDeadline(this, item);
    this.append(node);
    return node;
  }

  private append(node: ListedDeadline): void {
    node.at = this.clock.now() + this.ms;
    node.listed = true;
    this.attach(node);
    // The head's deadline is the soonest: a timer set for an earlier head fires early and re-arms.
    if (this.head === node) this.arm(node.at);
  }

  /**
   * @internal To the tail, with a later deadline. No timer is touched: the one armed (while the
   * list holds anything, one is, for a time no later than the head's) fires early and re-arms.
   * A stream renews on every chunk, and most often it is the only call in flight.
   */
  renew(node: ListedDeadline): void {
    node.at = this.clock.now() + this.ms;
    if (node === this.tail) return;
    this.detach(node);
    this.attach(node);
  }

  /** @internal */
  unlink(node: ListedDeadline): void {
    node.listed = false;
    this.detach(node);
    // An idle router keeps no timer: nothing else would hold the process open for minutes.
    if (this.head === undefined) this.disarm();
  }

  private attach(node: ListedDeadline): void {
    node.prev = this.tail;
    node.next = undefined;
    if (this.tail === undefined) this.head = node;
    else this.tail.next = node;
    this.tail = node;
  }

  private detach(node: ListedDeadline): void {
    if (node.prev === undefined) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = undefined;
  }

  private arm(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.disarm();
    this.timerAt = at;
    this.timer = this.clock.setTimer(this.fire, Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - this.clock.now()))));
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private expireDue(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (let node = this.head; node !== undefined && node.at <= now; node = this.head) {
      this.unlink(node);
      node.item.expire();
    }
    if (this.head !== undefined) this.arm(this.head.at);
  }
}

/** One list per allowance: API_TIMEOUT_MS can change with a config reload, and tests use many. */
const lists = new Map<number, DeadlineList>();

export function deadlineAfter(ms: number, item: Expiring): Deadline {
  let list = lists.get(ms);
  if (list === undefined) {
    list = new DeadlineList(ms);
    lists.set(ms, list);
  }
  return list.add(item);
}
