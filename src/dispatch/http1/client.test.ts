import { afterEach, describe, expect, test } from 'bun:test';
import zlib from 'node:zlib';
import type { Server, Socket, TCPSocketListener } from 'bun';
import { Http1Client } from './client';
import { parseTarget, serializeRequest } from './request-head';

const servers: { stop(force?: boolean): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

function serve(fetch: (request: Request) => Response | Promise<Response>): Server<undefined> {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, fetch });
  servers.push(server);
  return server;
}

/** A raw TCP server: `onRequest` sees each request's bytes and answers with whatever bytes it likes. */
function rawServer(onData: (socket: Socket<{ received: string }>, received: string, connection: number) => void) {
  let connections = 0;
  const listener: TCPSocketListener<{ received: string; id: number }> = Bun.listen<{ received: string; id: number }>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open(socket) {
        socket.data = { received: '', id: ++connections };
      },
      data(socket, bytes) {
        socket.data.received += new TextDecoder().decode(bytes);
        if (socket.data.received.includes('\r\n\r\n')) onData(socket as unknown as Socket<{ received: string }>, socket.data.received, socket.data.id);
      },
    },
  });
  servers.push(listener);
  return { url: `http://127.0.0.1:${listener.port}/v1/chat/completions`, connections: () => connections };
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ method: 'POST', headers, body });

describe('Http1Client', () => {
  test('sends the body and headers, and answers a Response with status, headers and body', async () => {
    let seen: { body: string; host: string | null; type: string | null; auth: string | null; agent: string | null; length: string | null } | undefined;
    const server = serve(async (request) => {
      seen = {
        body: await request.text(),
        host: request.headers.get('host'),
        type: request.headers.get('content-type'),
        auth: request.headers.get('authorization'),
        agent: request.headers.get('user-agent'),
        length: request.headers.get('content-length'),
      };
      return Response.json({ ok: 'ünïcode ✓' }, { status: 201, headers: { 'x-upstream': 'yes' } });
    });
    const body = JSON.stringify({ text: 'héllo ✓ 🎉' });
    const response = await new Http1Client().request(`http://127.0.0.1:${server.port}/v1/chat/completions?x=1`, post(body, { 'content-type': 'application/json', authorization: 'Bearer k' })).response;
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(JSON.parse(await response.text())).toEqual({ ok: "ünïcode ✓" });
    expect(seen).toEqual({ body, host: `127.0.0.1:${server.port}`, type: 'application/json', auth: 'Bearer k', agent: expect.stringMatching(/^ccr\//), length: String(Buffer.byteLength(body)) });
  });

  test('requests one after another share one keep-alive connection', async () => {
    const server = rawServer((socket) => {
      socket.data.received = '';
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    });
    const client = new Http1Client();
    for (let i = 0; i < 3; i++) expect(await (await client.request(server.url, post('{}')).response).text()).toBe('{}');
    expect(server.connections()).toBe(1);
    expect(client.pool.idleConnections).toBe(1);
  });

  test('a server that says connection: close gets a new connection for the next request', async () => {
    const server = rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}');
      socket.end();
    });
    const client = new Http1Client();
    for (let i = 0; i < 2; i++) expect(await (await client.request(server.url, post('{}')).response).text()).toBe('{}');
    expect(server.connections()).toBe(2);
  });

  test('a streamed answer is handed over at its head and read chunk by chunk as it arrives', async () => {
    const release = Promise.withResolvers<void>();
    const server = serve(
      () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
              await release.promise;
              controller.enqueue(new TextEncoder().encode('data: 2\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const response = await new Http1Client().request(`http://127.0.0.1:${server.port}/`, post('{}')).response;
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 1\n\n');
    release.resolve();
    let rest = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) rest += new TextDecoder().decode(read.value);
    expect(rest).toBe('data: 2\n\n');
  });

  test('a streamed body read late is kept whole until it is read', async () => {
    const piece = 'y'.repeat(1000);
    const server = rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n');
      for (let i = 0; i < 300; i++) socket.write(`3e8\r\n${piece}\r\n`);
      socket.write('0\r\n\r\n');
    });
    const response = await new Http1Client().request(server.url, post('{}')).response;
    await Bun.sleep(100); // everything has arrived, nothing read
    let received = 0;
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) received += read.value.byteLength;
    expect(received).toBe(300 * 1000);
  });

  test('streams of many small chunks, several at once, each read as it arrives, all finish', async () => {
    // A stream of small writes with each chunk read at once used to stall when the socket was paused and resumed.
    const server = serve(() => {
      let sent = 0;
      return new Response(
        new ReadableStream({
          // One chunk per pull, a timer tick apart: each leaves in a write of its own, as a provider flushes tokens.
          async pull(controller) {
            if (sent > 0) await Bun.sleep(0);
            controller.enqueue(new TextEncoder().encode(`data: {"i":${sent}}\n\n`));
            if (++sent === 100) controller.close();
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    });
    const client = new Http1Client();
    const readAll = async () => {
      const reader = (await client.request(`http://127.0.0.1:${server.port}/`, post('{}')).response).body!.getReader();
      let text = '';
      for (let read = await reader.read(); !read.done; read = await reader.read()) text += new TextDecoder().decode(read.value);
      return text.split('\n\n').length - 1;
    };
    for (let round = 0; round < 10; round++) expect(await Promise.all([readAll(), readAll(), readAll(), readAll()])).toEqual([100, 100, 100, 100]);
  });

  test('a request body of several megabytes arrives whole (written under backpressure)', async () => {
    const server = serve(async (request) => new Response(String((await request.arrayBuffer()).byteLength)));
    const body = JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) });
    const response = await new Http1Client().request(`http://127.0.0.1:${server.port}/`, post(body)).response;
    expect(await response.text()).toBe(String(body.length));
  });

  test('a body written apart from its head (64 KB and more) arrives byte for byte, its length counted in UTF-8', async () => {
    const server = serve(async (request) => new Response(await request.text(), { headers: { 'x-length': request.headers.get('content-length') ?? '' } }));
    const client = new Http1Client();
    for (const size of [64 * 1024 - 1, 64 * 1024, 200 * 1024]) {
      // Two- and three-byte characters and one of four (a surrogate pair): `size` characters in all.
      const body = `{"t":"\u{1f389}${'é✓'.repeat((size - 10) / 2)}${size % 2 === 0 ? '' : 'x'}"}`;
      const response = await client.request(`http://127.0.0.1:${server.port}/`, post(body)).response;
      expect(response.headers.get('x-length')).toBe(String(Buffer.byteLength(body)));
      expect(await response.text()).toBe(body);
    }
  });

  test('serializing counts the head and the body in UTF-8 bytes', () => {
    const serialized = serializeRequest(parseTarget('http://127.0.0.1:9/v1'), post('{"a":"é✓"}', { 'x-latin1': 'café' }));
    expect(serialized.head.endsWith(`content-length: ${Buffer.byteLength('{"a":"é✓"}')}\r\n\r\n`)).toBe(true);
    expect(serialized.headBytes).toBe(Buffer.byteLength(serialized.head));
    expect(serialized.bytes).toBe(Buffer.byteLength(serialized.head + serialized.body));
  });

  test('aborting before the answer rejects with the given reason and drops the connection', async () => {
    const server = rawServer(() => {}); // never answers
    const client = new Http1Client();
    const request = client.request(server.url, post('{}', {}));
    await Bun.sleep(20);
    request.abort(new Error('deadline'));
    await expect(request.response).rejects.toThrow('deadline');
    expect(client.pool.idleConnections).toBe(0);
  });

  test('aborting while a body streams errors the body', async () => {
    const server = rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n'));
    const request = new Http1Client().request(server.url, post('{}', {}));
    const reader = (await request.response).body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('hello');
    request.abort(new Error('client left'));
    await expect(reader.read()).rejects.toThrow('client left');
  });

  test('a reused connection the server closed meanwhile is retried once on a fresh one', async () => {
    // The server answers, keeps the connection open as keep-alive, then closes it when the next request comes.
    const server = rawServer((socket, _received, connection) => {
      socket.data.received = '';
      if (connection === 1 && (socket as unknown as { answered?: boolean }).answered) return void socket.end();
      (socket as unknown as { answered?: boolean }).answered = true;
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n${connection}`);
    });
    const client = new Http1Client();
    expect(await (await client.request(server.url, post('{}')).response).text()).toBe('1');
    expect(await (await client.request(server.url, post('{}')).response).text()).toBe('2');
    expect(server.connections()).toBe(2);
  });

  test('a fresh connection closed before any answer fails instead of retrying', async () => {
    const server = rawServer((socket) => socket.end());
    await expect(new Http1Client().request(server.url, post('{}')).response).rejects.toThrow('closed the connection before answering');
    await Bun.sleep(50);
    expect(server.connections()).toBe(1);
  });

  test('nothing listening: the failure says so', async () => {
    await expect(new Http1Client().request('http://127.0.0.1:1/v1/chat/completions', post('{}')).response).rejects.toThrow('cannot connect to 127.0.0.1:1 (connection refused)');
  });

  test('an answer that is not HTTP fails clearly', async () => {
    const server = rawServer((socket) => socket.write('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    await expect(new Http1Client().request(server.url, post('{}')).response).rejects.toThrow('not valid HTTP/1.1');
  });

  test('a body cut short of its length makes reading it fail', async () => {
    const server = rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"partial":');
      setTimeout(() => socket.end(), 10);
    });
    const response = await new Http1Client().request(server.url, post('{}')).response;
    await expect(response.text()).rejects.toThrow();
  });

  test('a header with a line break, a NUL or a character past latin1 is refused before anything is sent; latin1 passes', async () => {
    const server = rawServer(() => {});
    const client = new Http1Client();
    const refused: Record<string, string>[] = [{ authorization: 'Bearer k\r\nx-injected: 1' }, { 'x-a\nb': '1' }, { 'x-nul': 'a\0b' }, { 'x-check': '✓' }, { 'x-emoji': '\u{1f389}' }];
    for (const headers of refused) {
      await expect(client.request(server.url, post('{}', headers)).response).rejects.toThrow(TypeError);
    }
    await Bun.sleep(20);
    expect(server.connections()).toBe(0);
    expect(serializeRequest(parseTarget(server.url), post('{}', { 'x-latin1': 'café' })).head).toContain('x-latin1: café\r\n');
  });

  const JSON_TEXT = '{"compressed":true}';
  test.each<[string, string, Uint8Array]>([
    ['gzip', 'gzip', Bun.gzipSync(JSON_TEXT)],
    ['x-gzip', 'X-GZIP', Bun.gzipSync(JSON_TEXT)],
    ['deflate', 'deflate', zlib.deflateSync(JSON_TEXT)],
    ['br', 'br', zlib.brotliCompressSync(JSON_TEXT)],
    ['zstd', 'zstd', Bun.zstdCompressSync(JSON_TEXT)],
    // Codings apply in the order listed: gzip first, then br over it.
    ['two codings', 'gzip, identity, br', zlib.brotliCompressSync(Bun.gzipSync(JSON_TEXT))],
    ['a coding it does not know, passed on as it came', 'x-unknown', new TextEncoder().encode(JSON_TEXT)],
  ])('a server that compresses anyway is read as fetch would read it: %s', async (_name, encoding, body) => {
    const server = rawServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: ${encoding}\r\ncontent-length: ${body.length}\r\n\r\n`);
      socket.write(body);
    });
    const response = await new Http1Client().request(server.url, post('{}')).response;
    expect(await response.text()).toBe(JSON_TEXT);
  });

  test('the request asks for no compression', async () => {
    let encoding: string | null = 'unset';
    const server = serve((request) => {
      encoding = request.headers.get('accept-encoding');
      return new Response('{}');
    });
    await (await new Http1Client().request(`http://127.0.0.1:${server.port}/`, post('{}')).response).text();
    expect(encoding).toBe('identity');
  });

  test("a caller's own accept-encoding is sent instead, once", async () => {
    let encoding: string | null = 'unset';
    const server = serve((request) => {
      encoding = request.headers.get('accept-encoding');
      return new Response('{}');
    });
    await (await new Http1Client().request(`http://127.0.0.1:${server.port}/`, post('{}', { 'accept-encoding': 'gzip' })).response).text();
    expect(encoding).toBe('gzip');
  });

  test("text() decodes as fetch's does: a leading byte order mark dropped, invalid UTF-8 replaced, chunks joined", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const json = Buffer.from('{"a":"é"}');
    const invalid = Buffer.from([0x41, 0xe2, 0x28, 0xa1]);
    const chunked = Buffer.concat([Buffer.from('3\r\n'), bom, Buffer.from(`\r\n${json.length.toString(16)}\r\n`), json, Buffer.from('\r\n0\r\n\r\n')]);
    const answers = [
      Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: ${bom.length + json.length}\r\n\r\n`), bom, json]),
      Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: ${invalid.length}\r\n\r\n`), invalid]),
      Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'), chunked]),
    ];
    const server = rawServer((socket) => {
      socket.data.received = '';
      socket.write(answers.shift()!);
    });
    const client = new Http1Client();
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push(await (await client.request(server.url, post('{}')).response).text());
    const expected = await Promise.all([Buffer.concat([bom, json]), invalid, Buffer.concat([bom, json])].map((bytes) => new Response(bytes).text()));
    expect(texts).toEqual(expected);
    expect(texts[0]).toBe('{"a":"é"}');
  });

  test("the server's Keep-Alive timeout decides whether an idle connection is reused; header names match in any case, repeated ones joined", async () => {
    const answer = (keepAlive: string) => `HTTP/1.1 200 OK\r\nKeep-Alive: ${keepAlive}\r\nX-Dup: a\r\nx-dup: b\r\ncontent-length: 2\r\n\r\n{}`;
    const patient = rawServer((socket) => {
      socket.data.received = '';
      socket.write(answer('max=100, timeout=60'));
    });
    const client = new Http1Client();
    const first = await client.request(patient.url, post('{}')).response;
    expect(first.headers.get('X-DUP')).toBe('a, b');
    expect(first.headers.get('keep-alive')).toBe('max=100, timeout=60');
    await first.text();
    await (await client.request(patient.url, post('{}')).response).text();
    expect(patient.connections()).toBe(1);
    // timeout=1 leaves nothing once the pool's one-second margin is taken off: never reused.
    const hasty = rawServer((socket) => {
      socket.data.received = '';
      socket.write(answer('timeout=1'));
    });
    for (let i = 0; i < 2; i++) await (await client.request(hasty.url, post('{}')).response).text();
    expect(hasty.connections()).toBe(2);
  });

  test("a caller's framing headers are replaced by the client's own; its user-agent replaces the default", async () => {
    let seen: Record<string, string | null> | undefined;
    const server = serve(async (request) => {
      seen = { body: await request.text(), host: request.headers.get('host'), length: request.headers.get('content-length'), agent: request.headers.get('user-agent') };
      return new Response('{}');
    });
    const url = `http://127.0.0.1:${server.port}/v1/chat/completions`;
    const client = new Http1Client();
    const response = await client.request(url, post('{"a":1}', { 'Content-Length': '999', Host: 'elsewhere.example', Connection: 'close', 'User-Agent': 'mine/1' })).response;
    expect(await response.text()).toBe('{}');
    expect(seen).toEqual({ body: '{"a":1}', host: `127.0.0.1:${server.port}`, length: '7', agent: 'mine/1' });
    // `Connection: close` was the caller's, not sent: the connection stays for the next request.
    expect(client.pool.idleConnections).toBe(1);
  });

  test('a 204 answer has no body', async () => {
    const server = rawServer((socket) => socket.write('HTTP/1.1 204 No Content\r\n\r\n'));
    const response = await new Http1Client().request(server.url, post('{}')).response;
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  test('aborting while still connecting rejects at once', async () => {
    const server = rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}'));
    const request = new Http1Client().request(server.url, post('{}'));
    request.abort(new Error('gave up'));
    await expect(request.response).rejects.toThrow('gave up');
  });

  test('an IPv6 literal in the URL reaches the server, and the Host header keeps its brackets', async () => {
    const seen: (string | null)[] = [];
    const server = Bun.serve({
      hostname: '::1',
      port: 0,
      fetch: (request) => {
        seen.push(request.headers.get('host'));
        return new Response('{"v6":true}');
      },
    });
    servers.push(server);
    const response = await new Http1Client().request(`http://[::1]:${server.port}/v1/chat/completions`, post('{}')).response;
    expect(await response.text()).toBe('{"v6":true}');
    expect(seen).toEqual([`[::1]:${server.port}`]);
  });

  test('https URLs are not its job', async () => {
    await expect(new Http1Client().request('https://127.0.0.1:1/', post('{}')).response).rejects.toThrow('plain http only');
  });
});
