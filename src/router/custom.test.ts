import { describe, expect, test } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { loadCustomRouter, runCustomRouter, type CustomRouterCall } from './custom';
import { indexProviders } from './providers';
import type { CustomRouter } from './types';

const fixtures = join(import.meta.dir, '../../test/fixtures/router');
const providers = indexProviders([
  { name: 'DeepSeek', models: ['deepseek-chat', 'deepseek-reasoner'] },
  { name: 'openrouter', models: [] },
]);
const request = (text: string, model = 'claude-sonnet-4-5'): MessagesRequest => ({ model, max_tokens: 10, messages: [{ role: 'user', content: text }] });

function call(customRouter: CustomRouter, overrides: Partial<CustomRouterCall> = {}): { logs: string[]; call: CustomRouterCall } {
  const logs: string[] = [];
  return {
    logs,
    call: { customRouter, request: request('hi'), config: {}, tokens: () => 7, headers: {}, providers, timeoutMs: 1000, log: (message) => logs.push(message), ...overrides },
  };
}

describe('loadCustomRouter', () => {
  test('loads an ES module default export, relative to the base directory', async () => {
    const customRouter = await loadCustomRouter('custom-router.mjs', fixtures);
    expect(await customRouter(request('please deep dive'), {}, { tokenCount: 1, headers: {} })).toBe('deepseek,deepseek-reasoner');
  });

  test('loads a CommonJS module.exports function', async () => {
    const customRouter = await loadCustomRouter(join(fixtures, 'custom-router.cjs'), '/');
    expect(await customRouter(request('x'), {}, { tokenCount: 1, headers: {} })).toBe('openrouter,anthropic/claude-sonnet-4');
  });

  test('a missing file fails with its path and the reason', async () => {
    await expect(loadCustomRouter('missing-router.mjs', fixtures)).rejects.toThrow(`custom router ${join(fixtures, 'missing-router.mjs')}: cannot load`);
  });

  test('a syntax error fails with its path', async () => {
    await expect(loadCustomRouter('syntax-error.mjs', fixtures)).rejects.toThrow(join(fixtures, 'syntax-error.mjs'));
  });

  test('a default export that is not a function fails, saying what it is', async () => {
    await expect(loadCustomRouter('not-a-function.mjs', fixtures)).rejects.toThrow('the default export must be a function, got object');
  });
});

describe('runCustomRouter', () => {
  test('resolves the answer against the configured providers (any case, configured spelling back)', async () => {
    const { call: routerCall } = call(() => 'deepseek,deepseek-reasoner');
    expect(await runCustomRouter(routerCall)).toEqual({ provider: 'DeepSeek', model: 'deepseek-reasoner' });
  });

  test('passes the request, the config and the token count, headers and session', async () => {
    let seen: unknown[] = [];
    const { call: routerCall } = call(
      (...args) => {
        seen = args;
        return null;
      },
      { config: { forceCustom: true }, headers: { 'x-a': '1' }, sessionId: 's1' },
    );
    expect(await runCustomRouter(routerCall)).toBeUndefined();
    expect(seen).toEqual([routerCall.request, { forceCustom: true }, { tokenCount: 7, headers: { 'x-a': '1' }, sessionId: 's1' }]);
  });

  test('declining (null) is not logged', async () => {
    const { call: routerCall, logs } = call(async () => null);
    expect(await runCustomRouter(routerCall)).toBeUndefined();
    expect(logs).toEqual([]);
  });

  test('a throwing router is logged and ignored', async () => {
    const { call: routerCall, logs } = call(await loadCustomRouter('throwing-router.mjs', fixtures));
    expect(await runCustomRouter(routerCall)).toBeUndefined();
    expect(logs).toEqual(['custom router threw; routing without it']);
  });

  test('a rejecting router is logged and ignored', async () => {
    const { call: routerCall, logs } = call(async () => Promise.reject(new Error('boom')));
    expect(await runCustomRouter(routerCall)).toBeUndefined();
    expect(logs).toEqual(['custom router threw; routing without it']);
  });

  test.each(['number', 'object', 'unknown-provider', 'no-comma'])('a router returning garbage (%s) is logged and ignored', async (kind) => {
    const { call: routerCall, logs } = call(await loadCustomRouter('garbage-router.mjs', fixtures), { headers: { 'x-garbage': kind } });
    expect(await runCustomRouter(routerCall)).toBeUndefined();
    expect(logs).toEqual(['custom router returned no known "provider,model"; routing without it']);
  });

  test('a slow router is cut off at the timeout', async () => {
    const { call: routerCall, logs } = call(await loadCustomRouter('slow-router.mjs', fixtures), { timeoutMs: 30 });
    const started = performance.now();
    expect(await runCustomRouter(routerCall)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(400);
    expect(logs).toEqual(['custom router timed out; routing without it']);
  });

  test('the timeout timer is cleared when the router answers in time', async () => {
    const cleared: unknown[] = [];
    const originalClear = globalThis.clearTimeout;
    globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
      cleared.push(timer);
      originalClear(timer);
    }) as typeof clearTimeout;
    try {
      const { call: routerCall } = call(() => 'openrouter,x', { timeoutMs: 60_000 });
      expect(await runCustomRouter(routerCall)).toEqual({ provider: 'openrouter', model: 'x' });
    } finally {
      globalThis.clearTimeout = originalClear;
    }
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toBeDefined();
  });
});

describe('loadCustomRouter on reload', () => {
  test('an edited file is loaded afresh, not from the module cache', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccr-custom-router-'));
    const path = join(dir, 'router.mjs');
    try {
      await Bun.write(path, 'export default () => "deepseek,one";');
      expect(await (await loadCustomRouter(path, '/'))(request('x'), {}, { tokenCount: 0, headers: {} })).toBe('deepseek,one');
      await Bun.write(path, 'export default () => "deepseek,two";');
      expect(await (await loadCustomRouter(path, '/'))(request('x'), {}, { tokenCount: 0, headers: {} })).toBe('deepseek,two');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
