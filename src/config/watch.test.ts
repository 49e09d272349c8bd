import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootRuntime, type Booted } from '../boot';
import { watchConfig } from './watch';

const config = (model: string, transformer?: string) =>
  JSON.stringify({
    Providers: [{ name: 'p', api_base_url: 'http://127.0.0.1:1/v1/chat/completions', api_key: 'k', models: [model], ...(transformer ? { transformer: { use: [transformer] } } : {}) }],
    Router: { default: `p,${model}` },
  });

let close = () => {};
afterEach(() => close());

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-watch-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, config('first'));
  const reloads: Booted[] = [];
  const errors: unknown[] = [];
  const watcher = watchConfig({
    path,
    rebuild: () => bootRuntime({ path, env: {} }),
    onReload: (next) => reloads.push(next),
    onError: (error) => errors.push(error),
    debounceMs: 20,
  });
  close = watcher.close;
  return { dir, path, reloads, errors, close: watcher.close };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await Bun.sleep(10);
}

/** Long enough for an event to arrive and several debounce periods (20 ms) to pass. */
const settle = () => Bun.sleep(200);

describe('watchConfig', () => {
  test('a changed file builds a new runtime with the new routes', async () => {
    const { path, reloads, errors } = setup();
    writeFileSync(path, config('second'));
    await until(() => reloads.length > 0);
    expect(errors).toEqual([]);
    expect(reloads.at(-1)!.runtime.config.Router?.default).toBe('p,second');
  });

  test('a config with an unknown transformer is rejected with its reason, and no reload happens', async () => {
    const { path, reloads, errors } = setup();
    writeFileSync(path, config('second', 'no-such-transformer'));
    await until(() => errors.length > 0);
    expect(reloads).toEqual([]);
    expect(String(errors[0])).toContain('no-such-transformer');
  });

  test('a file that is not JSON is rejected', async () => {
    const { path, reloads, errors } = setup();
    writeFileSync(path, '{ "Providers": [');
    await until(() => errors.length > 0);
    expect(reloads).toEqual([]);
    expect(String(errors[0])).toMatch(/not valid JSON/);
  });

  test('several quick writes (an editor saving in steps) build one runtime, from the last write', async () => {
    const { path, reloads, errors } = setup();
    for (const model of ['second', 'third', 'fourth']) writeFileSync(path, config(model));
    await until(() => reloads.length > 0);
    await settle();
    expect(errors).toEqual([]);
    expect(reloads).toHaveLength(1);
    expect(reloads[0].runtime.config.Router?.default).toBe('p,fourth');
  });

  test('a save by rename (write a temporary file, rename it over config.json) reloads', async () => {
    const { dir, path, reloads, errors } = setup();
    const temporary = join(dir, '.config.json.tmp');
    writeFileSync(temporary, config('renamed'));
    renameSync(temporary, path);
    await until(() => reloads.length > 0);
    expect(errors).toEqual([]);
    expect(reloads.at(-1)!.runtime.config.Router?.default).toBe('p,renamed');
  });

  test('a change to another file in the folder is ignored', async () => {
    const { dir, reloads, errors } = setup();
    writeFileSync(join(dir, 'other.json'), '{}');
    await settle();
    expect(reloads).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('no reload after close()', async () => {
    const { path, reloads, errors, close: stop } = setup();
    stop();
    writeFileSync(path, config('second'));
    await settle();
    expect(reloads).toEqual([]);
    expect(errors).toEqual([]);
  });
});
