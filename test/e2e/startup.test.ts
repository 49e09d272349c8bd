/** The process itself: what it says when it cannot start must reach its output before it exits. */
import { expect, test } from 'bun:test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCcrProcess, temporaryDataDir } from '../support/ccr-process';
import { chatCompletion, startFakeUpstream } from '../support/fake-upstream';

test('a port already in use: the process exits 1, and its log line saying so is written before it exits', () => {
  const occupant = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const dataDir = temporaryDataDir();
  try {
    const result = Bun.spawnSync([process.execPath, join(import.meta.dir, '../../src/index.ts')], {
      env: { ...process.env, PORT: String(occupant.port), HOST: '127.0.0.1', HOME: dataDir, CCR_DATA_DIR: dataDir },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    expect(result.exitCode).toBe(1);
    const output = result.stdout.toString() + result.stderr.toString();
    expect(output).toContain(`could not listen on 127.0.0.1:${occupant.port}: the port is in use`);
  } finally {
    occupant.stop(true);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('stopped with SIGTERM: the lines still waiting for their batch, "ccr stopping" among them, are written before it exits', async () => {
  const { child } = await startCcrProcess({ LOG_LEVEL: 'info' });
  try {
    // At once: "ccr stopping" is written while its batch is still waiting (src/log-sink.ts).
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const output = await new Response(child.stdout).text();
    expect(output).toContain('"msg":"ccr listening"');
    // The first line a user reads names where the dashboard and the API docs are.
    expect(output).toMatch(/"dashboard":"http:\/\/[^"]+\/ui","docs":"http:\/\/[^"]+\/swagger"/);
    expect(output).toContain('"signal":"SIGTERM","msg":"ccr stopping"');
  } finally {
    child.kill('SIGKILL');
  }
});

test('stopped with SIGTERM while a dashboard watches its live feed: the feed ends and ccr exits', async () => {
  const { child, port } = await startCcrProcess({ LOG_LEVEL: 'info' });
  try {
    const feed = await fetch(`http://127.0.0.1:${port}/api/stats/events`);
    const reader = feed.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    child.kill('SIGTERM');
    // Without the shutdown signal the feed never ends, and server.stop() waits for it for ever.
    const exited = await Promise.race([child.exited, Bun.sleep(5_000).then(() => 'still running')]);
    expect(exited).toBe(0);
    for (let read = await reader.read().catch(() => ({ done: true })); !read.done; read = await reader.read().catch(() => ({ done: true })));
  } finally {
    child.kill('SIGKILL');
  }
});

test('a line logged while ccr is otherwise quiet is written within a moment, not held for its batch', async () => {
  const { child } = await startCcrProcess({ LOG_LEVEL: 'info' });
  try {
    const reader = child.stdout.getReader();
    let output = '';
    const deadline = Date.now() + 1000;
    while (!output.includes('"msg":"ccr listening"') && Date.now() < deadline) {
      const read = await Promise.race([reader.read(), Bun.sleep(deadline - Date.now()).then(() => undefined)]);
      if (!read || read.done) break;
      output += new TextDecoder().decode(read.value);
    }
    expect(output).toContain('"msg":"ccr listening"');
  } finally {
    child.kill('SIGKILL');
  }
});

test('the first run: readable guidance on the terminal, and the config file picked up as soon as it is written', async () => {
  const upstream = startFakeUpstream(() => ({ json: chatCompletion('configured') }));
  const { child, port, home } = await startCcrProcess({ LOG_LEVEL: 'info' }, { noConfig: true });
  try {
    const path = join(home, '.claude-code-router', 'config.json');
    const stderr = child.stderr.getReader();
    let guidance = '';
    while (!guidance.includes('no restart needed')) guidance += new TextDecoder().decode((await stderr.read()).value);
    expect(guidance).toContain(`Write ${path}`);
    expect(guidance).toContain('\n  "Providers": [\n');
    writeFileSync(path, JSON.stringify({ Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'k' }], Router: { default: 'fake,m' } }));
    const ask = () =>
      fetch(`http://127.0.0.1:${port}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
    let response = await ask();
    for (let i = 0; i < 100 && response.status !== 200; i++) {
      await Bun.sleep(20);
      response = await ask();
    }
    expect(response.status).toBe(200);
  } finally {
    child.kill('SIGKILL');
    upstream.stop();
  }
});
