/**
 * The floor of one extra hop: receives a request, sends the same body to the upstream with
 * Bun's fetch (keep-alive), and pipes the response body back untouched. Converts nothing,
 * parses nothing. Only content-type is carried each way, as a real proxy would at least do.
 *
 * BARE_UPSTREAM is the upstream's origin (http://127.0.0.1:PORT); the request path is kept.
 * Port from BARE_PORT (0 = any free port); prints `{"port":N}` on stdout once listening.
 */
import { exitWithParent } from './exit-with-parent';

const upstream = process.env.BARE_UPSTREAM;
if (!upstream) {
  console.error('BARE_UPSTREAM is not set');
  process.exit(2);
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.BARE_PORT ?? 0),
  idleTimeout: 0,
  async fetch(request) {
    const url = request.url;
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const response = await fetch(upstream + path, {
      method: request.method,
      headers: { 'content-type': request.headers.get('content-type') ?? 'application/json' },
      body: await request.arrayBuffer(),
      signal: request.signal,
    });
    return new Response(response.body, {
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream' },
    });
  },
});

exitWithParent(() => server.stop(true));
console.log(JSON.stringify({ port: server.port }));
