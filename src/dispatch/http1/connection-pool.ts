/**
 * Idle keep-alive connections, per origin, newest first. A connection idle for longer than `idleMs`
 * (or than the server's own `Keep-Alive: timeout`, less a margin) is closed by a sweep: servers
 * close idle connections on their own schedule (Node's default is 5 s), and a request written
 * just as the server closes is lost. Four seconds, as undici chose, stays under the common ones.
 */

export interface PooledConnection {
  readonly origin: string;
  readonly closed: boolean;
  idleSince: number;
  /** The server's `Keep-Alive: timeout`, in ms, if it announced one. */
  readonly keepAliveMs: number | undefined;
  destroy(): void;
}

export interface PoolOptions {
  idleMs?: number;
  maxIdlePerOrigin?: number;
  now?: () => number;
  /** How often idle connections are checked; the sweep only runs while some are idle. */
  sweepMs?: number;
}

/** Margin under the server's announced keep-alive timeout: its clock and ours are not the same. */
const SERVER_TIMEOUT_MARGIN_MS = 1000;

export class ConnectionPool<C extends PooledConnection> {
  private readonly idle = new Map<string, C[]>();
  private idleCount = 0;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private readonly idleMs: number;
  private readonly maxIdlePerOrigin: number;
  private readonly now: () => number;
  private readonly sweepMs: number;

  constructor(options: PoolOptions = {}) {
    this.idleMs = options.idleMs ?? 4000;
    this.maxIdlePerOrigin = options.maxIdlePerOrigin ?? 256;
    this.now = options.now ?? Date.now;
    this.sweepMs = options.sweepMs ?? 1000;
  }

  /** The most recently used idle connection to `origin`, taken out of the pool. */
  acquire(origin: string): C | undefined {
    const list = this.idle.get(origin);
    if (list === undefined) return undefined;
    for (let connection = list.pop(); connection !== undefined; connection = list.pop()) {
      this.idleCount--;
      if (!connection.closed && !this.expired(connection, this.now())) return connection;
      connection.destroy();
    }
    return undefined;
  }

  /** A connection whose exchange ended cleanly, ready for the next request to its origin. */
  release(connection: C): void {
    let list = this.idle.get(connection.origin);
    if (list === undefined) this.idle.set(connection.origin, (list = []));
    if (list.length >= this.maxIdlePerOrigin) return connection.destroy();
    connection.idleSince = this.now();
    list.push(connection);
    this.idleCount++;
    this.sweeper ??= this.startSweeper();
  }

  /** A connection that closed: if it was idle, it leaves the pool. */
  remove(connection: C): void {
    const list = this.idle.get(connection.origin);
    const at = list?.indexOf(connection) ?? -1;
    if (at < 0) return;
    list!.splice(at, 1);
    this.idleCount--;
  }

  get idleConnections(): number {
    return this.idleCount;
  }

  /** Closes idle connections past their time; stops itself when none is left idle. */
  sweep(): void {
    const now = this.now();
    for (const list of this.idle.values()) {
      // Oldest first: a list is in the order connections were released.
      while (list.length > 0 && this.expired(list[0], now)) {
        this.idleCount--;
        list.shift()!.destroy();
      }
    }
    if (this.idleCount === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private expired(connection: C, now: number): boolean {
    const limit = connection.keepAliveMs === undefined ? this.idleMs : Math.min(this.idleMs, connection.keepAliveMs - SERVER_TIMEOUT_MARGIN_MS);
    return now - connection.idleSince >= limit;
  }

  private startSweeper(): ReturnType<typeof setInterval> {
    const sweeper = setInterval(() => this.sweep(), this.sweepMs);
    // Idle connections must not keep a finished process alive.
    sweeper.unref();
    return sweeper;
  }
}
