/**
 * The user's own routing function (`CUSTOM_ROUTER_PATH`): loading it, and calling it so that it can
 * never break routing. A throw, a wrong answer or a slow answer is logged and routing goes on.
 */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { expandPath } from '../config/locate';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { resolveTarget, type ProviderIndex } from './providers';
import type { CustomRouter, RouterLog, RouteTarget } from './types';

export const DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS = 2000;

/**
 * Imports the file and returns its default export, which must be a function: an ES module's
 * `export default`, or a CommonJS `module.exports =` (Bun exposes it as the default). A module
 * compiled from ESM to CJS (`exports.default =`) is accepted too. `~/` and paths relative to
 * `baseDir` (the config file's folder) are resolved. Failures name the path and the reason.
 */
export async function loadCustomRouter(path: string, baseDir: string): Promise<CustomRouter> {
  const absolute = expandPath(path, baseDir, homedir());
  let loaded: Record<string, unknown>;
  // A config reload must see an edited file: Bun caches imports, ES modules included, under the
  // require cache, and a query string does not bust it. Only this file is refreshed, not its imports.
  delete createRequire(import.meta.url).cache[absolute];
  try {
    loaded = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`custom router ${absolute}: cannot load: ${error instanceof Error ? error.message : String(error)}`);
  }
  const exported = defaultExport(loaded);
  if (typeof exported !== 'function') {
    throw new Error(`custom router ${absolute}: the default export must be a function, got ${exported === null ? 'null' : typeof exported}`);
  }
  return exported as CustomRouter;
}

function defaultExport(loaded: Record<string, unknown>): unknown {
  const exported = loaded.default;
  if (typeof exported === 'object' && exported !== null && typeof (exported as { default?: unknown }).default === 'function') {
    return (exported as { default: unknown }).default;
  }
  return exported;
}

export interface CustomRouterCall {
  customRouter: CustomRouter;
  request: MessagesRequest;
  config: unknown;
  tokens: () => number;
  headers: Record<string, string>;
  sessionId?: string;
  providers: ProviderIndex;
  timeoutMs: number;
  log?: RouterLog;
}

const TIMED_OUT = Symbol('timed out');

/** The target the custom router chose, or undefined when it declined, failed or took too long. */
export async function runCustomRouter(call: CustomRouterCall): Promise<RouteTarget | undefined> {
  const { customRouter, request, config, tokens, headers, sessionId, timeoutMs, log } = call;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(TIMED_OUT), timeoutMs);
  });
  let answer: unknown;
  try {
    // Called inside then() so that a synchronous throw becomes a rejection like an async one.
    const decided = Promise.resolve().then(() => customRouter(request, config, {
      // A getter: a custom router that never reads the count never pays for it.
      get tokenCount() {
        return tokens();
      },
      headers,
      sessionId,
    }));
    answer = await Promise.race([decided, timeout]);
  } catch (error) {
    log?.('custom router threw; routing without it', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  if (answer === TIMED_OUT) {
    log?.('custom router timed out; routing without it', { timeoutMs });
    return undefined;
  }
  if (answer === null || answer === undefined) return undefined;
  const target = typeof answer === 'string' ? resolveTarget(call.providers, answer) : undefined;
  if (target === undefined) {
    log?.('custom router returned no known "provider,model"; routing without it', { returned: describe(answer) });
  }
  return target;
}

function describe(answer: unknown): string {
  if (typeof answer === 'string') return answer.length > 200 ? `${answer.slice(0, 200)}…` : answer;
  return typeof answer;
}
