import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootRuntime, bootRuntimeFromValue } from './boot';
import { createLiveConfig, type LiveConfig } from './live-config';
import { openConfigStore } from './config/store';

const config = (model: string) => ({
  Providers: [{ name: 'p', api_base_url: 'http://127.0.0.1:1/v1/chat/completions', api_key: 'k', models: [model] }],
  Router: { default: `p,${model}` },
});
const text = (model: string) => `${JSON.stringify(config(model), null, 2)}\n`;

let dir: string;
let live: LiveConfig | undefined;
afterEach(() => {
  live?.close();
  rmSync(dir, { recursive: true, force: true });
});

function recordingLog() {
  const messages: string[] = [];
  const log = { info: (_fields: unknown, message?: string) => void messages.push(String(message)), warn: () => {}, error: (_fields: unknown, message?: string) => void messages.push(String(message)) };
  return { messages, log: log as never };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await Bun.sleep(10);
}

/** Several debounce periods (20 ms) and the time for a watch event to arrive. */
const settle = () => Bun.sleep(200);

describe('createLiveConfig', () => {
  test('an edit of the file on disk reloads, as before', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-live-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, text('first'));
    const { messages, log } = recordingLog();
    live = createLiveConfig({ booted: await bootRuntime({ path, env: {} }), env: {}, log, debounceMs: 20 });
    writeFileSync(path, text('second'));
    await until(() => live!.runtime().config.Router?.default === 'p,second');
    expect(live.runtime().config.Router?.default).toBe('p,second');
    expect(messages).toEqual(['config reloaded']);
  });

  test('an edit on disk that removes APIKEY while ccr listens beyond this machine is rejected, as the admin API rejects it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-live-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ ...config('first'), HOST: '0.0.0.0', APIKEY: 'secret-key' }));
    const { messages, log } = recordingLog();
    const booted = await bootRuntime({ path, env: {} });
    expect(booted.runtime.settings.host).toBe('0.0.0.0');
    live = createLiveConfig({ booted, env: {}, log, debounceMs: 20 });
    writeFileSync(path, JSON.stringify({ ...config('second'), HOST: '0.0.0.0' }));
    await until(() => messages.length > 0);
    expect(messages).toEqual(['config change rejected; the running config is kept']);
    expect(live.runtime().settings.apiKey).toBe('secret-key');
  });

  test("the admin API's own write, applied already, is not built a second time; a later edit on disk still is", async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-live-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, text('first'));
    const { messages, log } = recordingLog();
    live = createLiveConfig({ booted: await bootRuntime({ path, env: {} }), env: {}, log, debounceMs: 20 });

    const next = await bootRuntimeFromValue(config('second'), { path, baseDir: dir, env: {} });
    await openConfigStore(path).write(text('second'));
    live.apply(next, text('second'));
    await settle();
    expect(live.runtime()).toBe(next.runtime);
    expect(messages).toEqual(['config applied from the admin API']);

    writeFileSync(path, text('third'));
    await until(() => messages.length === 2);
    expect(messages).toEqual(['config applied from the admin API', 'config reloaded']);
    expect(live.runtime().config.Router?.default).toBe('p,third');
  });

  test('started on the embedded default, a file the admin API creates is watched from then on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-live-'));
    const path = join(dir, 'config.json');
    const { messages, log } = recordingLog();
    live = createLiveConfig({ booted: await bootRuntimeFromValue({ Providers: [], Router: {} }, { path: undefined, baseDir: dir, env: {} }), env: {}, log, debounceMs: 20 });

    await openConfigStore(path).write(text('first'));
    live.apply(await bootRuntimeFromValue(config('first'), { path, baseDir: dir, env: {} }), text('first'));
    writeFileSync(path, text('second'));
    await until(() => live!.runtime().config.Router?.default === 'p,second');
    expect(live.runtime().config.Router?.default).toBe('p,second');
    expect(messages).toEqual(['config applied from the admin API', 'config reloaded']);
  });

  test('an invalid edit on disk is rejected and the running config kept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-live-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, text('first'));
    const { messages, log } = recordingLog();
    live = createLiveConfig({ booted: await bootRuntime({ path, env: {} }), env: {}, log, debounceMs: 20 });
    const running = live.runtime();
    writeFileSync(path, '{ "Router": { "default": "nobody,x" } }');
    await until(() => messages.length > 0);
    expect(messages).toEqual(['config change rejected; the running config is kept']);
    expect(live.runtime()).toBe(running);
  });
});
