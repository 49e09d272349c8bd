/**
 * The usage database against a process that dies: ccr as a child process, killed with SIGKILL
 * right after its responses completed. The documented window (src/usage/recorder.ts, API.md) is
 * DEFAULT_FLUSH_MS: a request that completed longer ago than that is committed, whatever happens
 * to the process next; only those of the last window may be lost. Sleeps are real here: the
 * child's clock cannot be injected.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FLUSH_MS } from '../../src/usage/recorder';
import { startCcrProcess } from '../support/ccr-process';
import { chatCompletion, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

/** Timer lateness on a busy machine, on top of the window. */
const SLACK_MS = 500;

let upstream: FakeUpstream;
let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  upstream = startFakeUpstream((request) =>
    request.body.stream
      ? {
          chunks: [
            `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] })}\n\n`,
            `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 1 } })}\n\n`,
            'data: [DONE]\n\n',
          ],
        }
      : { json: chatCompletion('ok', { prompt: 7, completion: 1 }) },
  );
  dir = mkdtempSync(join(tmpdir(), 'ccr-durability-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'fake,m' } }));
  env = { CONFIG_PATH: configPath, CCR_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
});
afterAll(() => {
  upstream.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` requests of the session, half streamed, each read to its end; resolves when all completed. */
async function sendBatch(port: number, session: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-id': session },
        body: JSON.stringify({ model: 'm', max_tokens: 5, stream: i % 2 === 0, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('ok');
    }),
  );
}

const countsBySession = () => {
  const db = new Database(join(dir, 'data', 'usage.db'));
  try {
    expect(db.query('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const rows = db.query('SELECT session_id AS session, COUNT(*) AS n, SUM(input_tokens) AS input FROM requests GROUP BY session_id').all() as Array<{
      session: string;
      n: number;
      input: number;
    }>;
    return Object.fromEntries(rows.map((row) => [row.session, row]));
  } finally {
    db.close();
  }
};

test(
  'SIGKILL right after responses completed loses nothing that completed more than the window before; a restart keeps it; SIGTERM writes everything',
  async () => {
    const first = await startCcrProcess(env);
    await sendBatch(first.port, 'before-window', 20);
    await Bun.sleep(DEFAULT_FLUSH_MS + SLACK_MS);
    await sendBatch(first.port, 'in-window', 20);
    first.child.kill('SIGKILL');
    expect(await first.child.exited).not.toBe(0);

    const afterKill = countsBySession();
    expect(afterKill['before-window']).toEqual({ session: 'before-window', n: 20, input: 140 });
    // The last window's records may be there or not (the timer may have fired), never half of one.
    const inWindow = afterKill['in-window']?.n ?? 0;
    expect(inWindow).toBeLessThanOrEqual(20);
    if (inWindow > 0) expect(afterKill['in-window'].input).toBe(7 * inWindow);

    // The same folder after the crash: the database opens, what was committed is served.
    const second = await startCcrProcess(env);
    const session = (await (await fetch(`http://127.0.0.1:${second.port}/api/usage/sessions/before-window`)).json()) as { totalRequests: number };
    expect(session.totalRequests).toBe(20);
    await sendBatch(second.port, 'graceful', 20);
    second.child.kill('SIGTERM');
    expect(await second.child.exited).toBe(0);
    expect(countsBySession().graceful).toEqual({ session: 'graceful', n: 20, input: 140 });
  },
  30_000,
);
