/**
 * A ccr app built from a config object, for tests: no port, no file, silent log, deterministic ids,
 * usage recorded in an in-memory database (`usage`; `usage.recorder.flush()` writes the queue).
 * `client()` gives the official Anthropic SDK wired to the app through `app.handle`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfigValue } from '../../src/config/load';
import { KeyRotation } from '../../src/dispatch/keys';
import { silentLogger, type Logger } from '../../src/log';
import { buildRuntime } from '../../src/runtime';
import { openUsage } from '../../src/usage/open';
import { priceTableOf } from '../../src/usage/pricing';
import { SessionTokens } from '../../src/usage/session-tokens';

export interface TestAppOptions {
  log?: Logger;
  env?: Record<string, string>;
  /** The usage recorder's clock (ms since the epoch). */
  now?: () => number;
}

export async function buildTestApp(config: Record<string, unknown>, options: TestAppOptions = {}) {
  const loaded = loadConfigValue(config, { path: undefined, baseDir: process.cwd(), env: options.env ?? {} });
  const runtime = await buildRuntime(loaded);
  const counters = { msg: 0, toolu: 0 };
  const usage = openUsage(':memory:', {
    prices: () => priceTableOf(runtime.config),
    retentionDays: () => runtime.settings.usageRetentionDays,
    now: options.now,
  });
  const deps: AppDeps = {
    getRuntime: () => runtime,
    keys: new KeyRotation(),
    sessions: new SessionTokens(),
    roundRobin: new Map(),
    log: options.log ?? silentLogger,
    generateId: (prefix) => `${prefix}_test${String(++counters[prefix]).padStart(4, '0')}`,
    random: () => 0,
    usage: usage.recorder,
    usageQueries: usage.queries,
  };
  const app = createApp(deps);
  const handle = (input: string | URL | Request, init?: RequestInit) => app.handle(new Request(input as string, init));
  const client = (apiKey = 'test-key') => new Anthropic({ baseURL: 'http://ccr.test', apiKey, fetch: handle as typeof fetch, maxRetries: 0 });
  return { app, deps, runtime, handle, client, usage };
}

export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://ccr.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
