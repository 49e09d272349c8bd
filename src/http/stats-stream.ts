/**
 * The dashboard's live feed: server-sent events, one `snapshot` event as a watcher connects and
 * then one a second. One timer serves every watcher and runs only while someone watches; each tick
 * builds and encodes the snapshot once. A watcher that stops reading is dropped rather than
 * queued for.
 */

const encoder = new TextEncoder();

/** Events a watcher may have unread before it is dropped (a tab asleep, a dead connection). */
const MAX_UNREAD = 30;

type Watcher = ReadableStreamDefaultController<Uint8Array>;

export class SnapshotStream {
  private readonly watchers = new Set<Watcher>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly snapshot: () => unknown,
    private readonly intervalMs = 1000,
  ) {}

  /** The response of one watcher: the snapshot now, then every tick until the client leaves. */
  open(): Response {
    let watcher: Watcher | undefined;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        watcher = controller;
        this.watchers.add(controller);
        controller.enqueue(this.encoded());
        this.timer ??= setInterval(() => this.tick(), this.intervalMs);
      },
      cancel: () => {
        if (watcher) this.drop(watcher);
      },
    });
    return new Response(body, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-store', 'x-accel-buffering': 'no' },
    });
  }

  /** Ends every watcher's stream. */
  close(): void {
    for (const watcher of this.watchers) {
      try {
        watcher.close();
      } catch {
        // Closed already.
      }
    }
    this.watchers.clear();
    this.stop();
  }

  private tick(): void {
    if (this.watchers.size === 0) return this.stop();
    const bytes = this.encoded();
    for (const watcher of this.watchers) {
      try {
        if ((watcher.desiredSize ?? 0) < -MAX_UNREAD) throw new Error('not reading');
        watcher.enqueue(bytes);
      } catch {
        this.drop(watcher);
        try {
          watcher.close();
        } catch {
          // Closed already.
        }
      }
    }
  }

  private drop(watcher: Watcher): void {
    this.watchers.delete(watcher);
    if (this.watchers.size === 0) this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private encoded(): Uint8Array {
    return encoder.encode(`event: snapshot\ndata: ${JSON.stringify(this.snapshot())}\n\n`);
  }
}
