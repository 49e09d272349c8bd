/**
 * Talking to ccr: the key lives in this tab's sessionStorage only (gone when the tab closes), is
 * sent as `x-api-key`, never in a URL. The live feed is read with fetch (EventSource cannot send
 * a header), parsed as server-sent events, and reopened after a drop.
 */
import type { StatsSnapshot } from '../stats/snapshot-types';

const KEY = 'ccr.apiKey';

export function storedKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}

export class Unauthorized extends Error {}

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const key = storedKey();
  if (key) headers.set('x-api-key', key);
  const response = await fetch(path, { ...init, headers, cache: 'no-store' });
  if (response.status === 401) throw new Unauthorized('The key was refused');
  return response;
}

export async function apiJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await api(path, init);
  const body = (await response.json()) as T & { error?: { message?: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `${path} answered ${response.status}`);
  return body;
}

export type FeedState = 'connecting' | 'live' | 'down';

export interface FeedHandlers {
  snapshot(snapshot: StatsSnapshot): void;
  state(state: FeedState, detail?: string): void;
  unauthorized(): void;
}

/** Reads a feed of `snapshot` events until stopped; reconnects after 1 s, 2 s… up to 10 s. */
export function follow(path: string, handlers: FeedHandlers): () => void {
  const controller = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!controller.signal.aborted) {
      handlers.state('connecting');
      try {
        const response = await api(path, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
        if (!response.ok || !response.body) throw new Error(await errorText(response));
        handlers.state('live');
        delay = 1000;
        await readEvents(response.body, (data) => handlers.snapshot(JSON.parse(data) as StatsSnapshot));
        handlers.state('down', 'the feed closed');
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof Unauthorized) return handlers.unauthorized();
        handlers.state('down', error instanceof Error ? error.message : String(error));
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => controller.abort();
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `answered ${response.status}`;
  } catch {
    return `answered ${response.status}`;
  }
}

/** Server-sent events: `data:` lines of each event joined, events split on a blank line. */
async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n');
      if (data) onData(data);
    }
  }
}
