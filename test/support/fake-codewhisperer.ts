/**
 * Replies of a fake CodeWhisperer server: the AWS event-stream bytes of a fixture
 * (test/fixtures/codewhisperer/*.events.json), one frame per network chunk, served by
 * startFakeUpstream on 127.0.0.1 with the service's content type.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureChunks, type FixtureFrame } from './event-stream';
import type { FakeReply } from './fake-upstream';

export const EVENT_STREAM_TYPE = 'application/vnd.amazon.eventstream';

export function codeWhispererFixture(name: string): FixtureFrame[] {
  return JSON.parse(readFileSync(join(import.meta.dir, '../fixtures/codewhisperer', `${name}.events.json`), 'utf8'));
}

/** A 200 answer streaming `frames`, each its own chunk, paced so the stream is read as it arrives. */
export function codeWhispererReply(frames: readonly FixtureFrame[], chunkDelayMs = 1): FakeReply {
  return { chunks: fixtureChunks(frames), chunkDelayMs, headers: { 'content-type': EVENT_STREAM_TYPE, 'x-amzn-requestid': 'fake-request-id' } };
}

/** A non-2xx JSON answer, as the service sends its errors. */
export function codeWhispererError(status: number, body: Record<string, unknown>): FakeReply {
  return { status, json: body, headers: { 'x-amzn-errortype': String(body.__type ?? 'Error') } };
}
