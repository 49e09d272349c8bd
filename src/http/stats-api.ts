/**
 * `/api/stats`: the live figures as JSON, the same as a live feed of server-sent events (what the
 * dashboard reads), and for `/dual-stats` the servers of the service this one belongs to, each
 * one's feed read through its own API with the key the page presented. Behind APIKEY like every
 * `/api/*` route.
 */
import { Elysia, t } from 'elysia';
import type { StatsReader } from '../stats/read';
import type { ServiceServer } from '../stats/service-servers';
import { presentedKey } from './auth';
import { ApiError } from './errors';
import { ServerListSchema, StatsSnapshotSchema } from './stats-schema';
import { SnapshotStream } from './stats-stream';

export type { ServiceServer };

export interface StatsApiOptions {
  reader: StatsReader;
  /** The servers of the running service; empty when this server runs on its own. */
  servers?: () => ServiceServer[];
  fetch?: typeof fetch;
  /** How often the feed sends a snapshot (default 1 s). */
  intervalMs?: number;
  /**
   * Aborted when the server stops: the feeds never end by themselves, and Bun's `server.stop()`
   * waits for every open response, so an open dashboard would keep ccr from stopping.
   */
  shutdown?: AbortSignal;
  /**
   * For /swagger's app: the answers' schemas. The serving app goes without: Elysia compiles a
   * validator for each response schema when the route is made, and this one's held about 1 MB of
   * a router's idle memory. The snapshot's type is checked at compile time (snapshot-types.ts), and
   * a test checks what is sent against the schema.
   */
  describe?: boolean;
}

const eventStreamDoc = (summary: string, description: string) => ({
  tags: ['Admin'],
  summary,
  description,
  responses: { 200: { description: '`event: snapshot` with `data:` as GET /api/stats answers, once a second', content: { 'text/event-stream': { schema: { type: 'string' as const } } } } },
});

export function statsApiPlugin(options: StatsApiOptions) {
  const stream = new SnapshotStream(() => options.reader.snapshot(), options.intervalMs);
  options.shutdown?.addEventListener('abort', () => stream.close(), { once: true });
  const servers = () => options.servers?.() ?? [];
  return new Elysia({ name: 'stats-api' })
    .get('/api/stats', () => options.reader.snapshot(), {
      ...(options.describe && { response: StatsSnapshotSchema }),
      detail: {
        tags: ['Admin'],
        summary: 'Live statistics',
        description:
          'Requests, success rate, latency and time to first byte percentiles, tokens and cost per provider and model over the last minute, hour and day; routes taken; requests in flight; every provider and key with its state; sessions; the latest requests. Kept in memory since ccr started.',
      },
    })
    .get('/api/stats/events', () => stream.open(), {
      detail: eventStreamDoc('Live statistics as server-sent events', 'A snapshot when the connection opens, then one a second while it stays open. Send the key as a header (fetch, not EventSource).'),
    })
    .get('/api/stats/servers', () => ({ servers: servers() }), {
      ...(options.describe && { response: ServerListSchema }),
      detail: { tags: ['Admin'], summary: 'Servers of this service', description: "The servers the service this one belongs to runs (`ccr start --config a.json --config b.json`), from the data folder's service/service.json; empty when it runs on its own." },
    })
    .get(
      '/api/stats/servers/:name/events',
      async ({ params, request }) => {
        const server = servers().find((candidate) => candidate.name === params.name);
        if (!server) throw new ApiError(404, `No server named "${params.name}" in this service`);
        const key = presentedKey(request.headers);
        let remote: Response;
        try {
          remote = await (options.fetch ?? fetch)(`${server.url}/api/stats/events`, { headers: key ? { 'x-api-key': key } : {}, signal: options.shutdown ? AbortSignal.any([request.signal, options.shutdown]) : request.signal });
        } catch (error) {
          throw new ApiError(502, `Server "${server.name}" at ${server.url} is unreachable: ${error instanceof Error ? error.message : String(error)}`);
        }
        return new Response(remote.body, { status: remote.status, headers: { 'content-type': remote.headers.get('content-type') ?? 'text/event-stream', 'cache-control': 'no-cache, no-store' } });
      },
      {
        params: t.Object({ name: t.String() }),
        detail: eventStreamDoc("Another server's live statistics", "The feed of another server of this service, asked with the same key (its own APIKEY must be the same)."),
      },
    );
}
