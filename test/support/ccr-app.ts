/**
 * A ccr app built from a config object, for tests: no port, no file, silent log, deterministic ids.
 * `client()` gives the official Anthropic SDK wired to the app through `app.handle`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfigValue } from '../../src/config/load';
import { KeyRotation } from '../../src/dispatch/keys';
import { silentLogger, type Logger } from '../../src/log';
import { buildRuntime } from '../../src/runtime';
import { SessionTokens } from '../../src/usage/session-tokens';

export async function buildTestApp(config: Record<string, unknown>, options: { log?: Logger; env?: Record<string, string> } = {}) {
  const loaded = loadConfigValue(config, { path: undefined, baseDir: process.cwd(), env: options.env ?? {} });
  const runtime = await buildRuntime(loaded);
  const counters = { msg: 0, toolu: 0 };
  const deps: AppDeps = {
    getRuntime: () => runtime,
    keys: new KeyRotation(),
    sessions: new SessionTokens(),
    roundRobin: new Map(),
    log: options.log ?? silentLogger,
    generateId: (prefix) => `${prefix}_test${String(++counters[prefix]).padStart(4, '0')}`,
    random: () => 0,
  };
  const app = createApp(deps);
  const handle = (input: string | URL | Request, init?: RequestInit) => app.handle(new Request(input as string, init));
  const client = (apiKey = 'test-key') => new Anthropic({ baseURL: 'http://ccr.test', apiKey, fetch: handle as typeof fetch, maxRetries: 0 });
  return { app, deps, runtime, handle, client };
}

export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://ccr.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
