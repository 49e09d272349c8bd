import { expect, test } from 'bun:test';
import { findPortOwner, isPortFree, listeningInodes, parseSsOutput } from './port-owner';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0D80 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:0D80 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 5151 1 0000000000000000 20 4 30 10 -1
   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 6363 1 0000000000000000 100 0 0 10 0`;

test('/proc/net/tcp: the inode of the socket listening on the port, not of connections to it', () => {
  expect(listeningInodes(TABLE, 3456)).toEqual(['4242']);
  expect(listeningInodes(TABLE, 8080)).toEqual(['6363']);
  expect(listeningInodes(TABLE, 9999)).toEqual([]);
});

test('ss -ltnp: the pid in its users column', () => {
  expect(parseSsOutput('LISTEN 0 512 127.0.0.1:3456 0.0.0.0:* users:(("bun",pid=4242,fd=13))\n')).toBe(4242);
  expect(parseSsOutput('')).toBeUndefined();
});

test('a port this process listens on is in use, and found to be held by this process', () => {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  try {
    expect(isPortFree('127.0.0.1', server.port!)).toBe(false);
    expect(findPortOwner(server.port!)?.pid).toBe(process.pid);
  } finally {
    server.stop(true);
  }
  expect(isPortFree('127.0.0.1', server.port!)).toBe(true);
});
