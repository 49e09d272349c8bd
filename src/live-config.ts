/**
 * The running config: the current runtime snapshot, swapped whole when the file changes on disk
 * (hot reload) or when the admin API applies a new one. A request holds the snapshot it started
 * with, so a swap never changes a request in flight.
 *
 * The admin API writes the file, then applies the runtime it already built; the watcher then sees
 * the write. The text of the file the running snapshot came from is kept, and a change whose text
 * is that one is not rebuilt: one build per write, whoever wrote.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { bootRuntimeFromValue, type Booted } from './boot';
import { liveApplyProblems } from './config/live-apply';
import { parseConfigText } from './config/load';
import type { Env } from './config/locate';
import { watchConfig } from './config/watch';
import type { Logger } from './log';
import type { Runtime } from './runtime';

export interface LiveConfigOptions {
  booted: Booted;
  env: Env;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** For tests; default 200 ms (watch.ts). */
  debounceMs?: number;
  /** Told of every new runtime, whoever swapped it in. */
  onSwap?: (runtime: Runtime) => void;
  /** Started on the embedded default: the file to wait for (`~/.claude-code-router/config.json`). */
  suggestedPath?: string;
}

export interface LiveConfig {
  runtime(): Runtime;
  /** Swaps in a runtime built from `text`, just written to its config path; starts watching a file ccr has just created. */
  apply(next: Booted, text: string): void;
  close(): void;
}

export function createLiveConfig(options: LiveConfigOptions): LiveConfig {
  const { env, log, debounceMs, onSwap } = options;
  let runtime = options.booted.runtime;
  const startedWith = runtime.settings;
  /** The text of the file `runtime` was built from, when known (ccr wrote it, or read it on reload). */
  let runningText: string | undefined;
  let watcher: { close(): void } | undefined;

  const swap = (next: Booted, message: string) => {
    runtime = next.runtime;
    onSwap?.(runtime);
    for (const warning of [...next.loaded.warnings, ...next.runtime.warnings]) log.warn(warning);
    log.info({ providers: [...runtime.providers.values()].map((provider) => provider.name) }, message);
  };

  const watch = (path: string) => {
    watcher = watchConfig({
      path,
      debounceMs,
      rebuild: async () => {
        const text = await Bun.file(path).text();
        if (text === runningText) return undefined;
        const booted = await bootRuntimeFromValue(parseConfigText(text, path), { path, baseDir: dirname(path), env });
        const problems = liveApplyProblems(startedWith, booted.runtime.settings);
        if (problems.length > 0) throw new Error(problems.join(' '));
        return { text, booted };
      },
      onReload: (next) => {
        if (!next) return;
        runningText = next.text;
        swap(next.booted, 'config reloaded');
      },
      onError: (error) => log.error({ reason: error instanceof Error ? error.message : String(error) }, 'config change rejected; the running config is kept'),
    });
  };
  // Routes, providers and transformers reload live; where ccr listens and how it logs need a restart.
  if (runtime.configPath) watch(runtime.configPath);
  else if (options.suggestedPath) {
    // The first run: the file the guidance asks for is picked up as soon as it is written.
    try {
      mkdirSync(dirname(options.suggestedPath), { recursive: true });
      watch(options.suggestedPath);
    } catch (error) {
      log.warn({ reason: error instanceof Error ? error.message : String(error) }, `${options.suggestedPath} cannot be watched: write it, then restart ccr`);
    }
  }

  return {
    runtime: () => runtime,
    apply(next, text) {
      runningText = text;
      swap(next, 'config applied from the admin API');
      if (!watcher && next.runtime.configPath) watch(next.runtime.configPath);
    },
    close() {
      watcher?.close();
    },
  };
}
