/**
 * Server-sent events, bytes in, events out, for any chunk boundary: a UTF-8 character, a CRLF
 * pair or a line may be split across network reads.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

export interface SseEvent {
  /** The `event:` field, when the stream names one (Anthropic and Gemini do not always). */
  event: string | undefined;
  /** `data:` lines joined with "\n". */
  data: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private eventName: string | undefined;
  /** The event's first data line; further lines (rare) go to `moreData`. */
  private data: string | undefined;
  private moreData: string[] | undefined;
  /** A chunk ended on "\r": a "\n" opening the next chunk belongs to the same line ending. */
  private pendingCR = false;

  /** Feeds bytes (or already decoded text); returns the events they complete. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCR && text.length > 0) {
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.pendingCR = false;
    }
    this.buffer += text;
    return this.drainLines();
  }

  /** The stream ended: whatever event is still open is delivered (some providers omit the last blank line). */
  end(): SseEvent[] {
    const tail = this.decoder.decode();
    if (tail) this.buffer += tail;
    const events = this.drainLines();
    if (this.buffer.length > 0) {
      this.readLine(this.buffer, events);
      this.buffer = '';
    }
    this.dispatch(events);
    return events;
  }

  private drainLines(): SseEvent[] {
    const events: SseEvent[] = [];
    const buffer = this.buffer;
    let start = 0;
    // Each position is searched once: rescanning for a CR that is not there from every line start
    // would make a large read cost quadratic time (most providers send no CR at all).
    let lf = buffer.indexOf('\n');
    let cr = buffer.indexOf('\r');
    for (;;) {
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf === -1 && cr === -1) break;
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 === buffer.length) {
          this.pendingCR = true;
          next = cr + 1;
        } else {
          next = buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        }
      } else {
        end = lf;
        next = lf + 1;
      }
      this.readLine(buffer.slice(start, end), events);
      start = next;
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  private readLine(line: string, events: SseEvent[]): void {
    if (line.length === 0) return this.dispatch(events);
    const first = line.charCodeAt(0);
    if (first === 58 /* ':' comment */) return;
    // `data: …` is nearly every line: read it without slicing out the field name.
    if (first === 100 /* 'd' */ && line.charCodeAt(4) === 58 && line.startsWith('data')) {
      return this.addData(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.addData(value);
    else if (field === 'event') this.eventName = value;
    // `id` and `retry` mean nothing to a proxy that reads one stream once.
  }

  private addData(value: string): void {
    if (this.data === undefined) this.data = value;
    else (this.moreData ??= []).push(value);
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data !== undefined) {
      events.push({ event: this.eventName, data: this.moreData ? [this.data, ...this.moreData].join('\n') : this.data });
    }
    this.data = undefined;
    this.moreData = undefined;
    this.eventName = undefined;
  }
}
