import { describe, expect, test } from 'bun:test';
import { ConnectionPool, type PooledConnection } from './connection-pool';

class FakeConnection implements PooledConnection {
  closed = false;
  idleSince = 0;
  constructor(
    readonly origin: string,
    readonly keepAliveMs: number | undefined = undefined,
  ) {}
  destroy(): void {
    this.closed = true;
  }
}

function setup(options: { idleMs?: number; maxIdlePerOrigin?: number } = {}) {
  let time = 0;
  const pool = new ConnectionPool<FakeConnection>({ ...options, now: () => time, sweepMs: 60_000 });
  return { pool, advance: (ms: number) => void (time += ms) };
}

describe('ConnectionPool', () => {
  test('hands back the most recently released connection of the same origin, and only once', () => {
    const { pool } = setup();
    const older = new FakeConnection('a:80');
    const newer = new FakeConnection('a:80');
    pool.release(older);
    pool.release(newer);
    pool.release(new FakeConnection('b:80'));
    expect(pool.acquire('a:80')).toBe(newer);
    expect(pool.acquire('a:80')).toBe(older);
    expect(pool.acquire('a:80')).toBeUndefined();
    expect(pool.idleConnections).toBe(1);
  });

  test('a connection idle past idleMs is closed by the sweep, a fresher one is kept', () => {
    const { pool, advance } = setup({ idleMs: 4000 });
    const old = new FakeConnection('a:80');
    pool.release(old);
    advance(3000);
    const fresh = new FakeConnection('a:80');
    pool.release(fresh);
    advance(1000);
    pool.sweep();
    expect(old.closed).toBe(true);
    expect(fresh.closed).toBe(false);
    expect(pool.acquire('a:80')).toBe(fresh);
  });

  test('an expired connection is never handed out, even before a sweep', () => {
    const { pool, advance } = setup({ idleMs: 4000 });
    const old = new FakeConnection('a:80');
    pool.release(old);
    advance(4000);
    expect(pool.acquire('a:80')).toBeUndefined();
    expect(old.closed).toBe(true);
  });

  test("the server's shorter Keep-Alive timeout wins, less a margin", () => {
    const { pool, advance } = setup({ idleMs: 4000 });
    const connection = new FakeConnection('a:80', 2000); // Keep-Alive: timeout=2
    pool.release(connection);
    advance(999);
    expect(pool.acquire('a:80')).toBe(connection);
    pool.release(connection);
    advance(1000);
    expect(pool.acquire('a:80')).toBeUndefined();
  });

  test('a connection that closed while idle leaves the pool', () => {
    const { pool } = setup();
    const connection = new FakeConnection('a:80');
    pool.release(connection);
    connection.closed = true;
    pool.remove(connection);
    expect(pool.idleConnections).toBe(0);
    expect(pool.acquire('a:80')).toBeUndefined();
  });

  test('past maxIdlePerOrigin a released connection is closed instead of kept', () => {
    const { pool } = setup({ maxIdlePerOrigin: 2 });
    const connections = [new FakeConnection('a:80'), new FakeConnection('a:80'), new FakeConnection('a:80')];
    for (const connection of connections) pool.release(connection);
    expect(connections.map((c) => c.closed)).toEqual([false, false, true]);
    expect(pool.idleConnections).toBe(2);
  });
});
