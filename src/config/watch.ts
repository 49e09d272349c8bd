/**
 * Hot reload: when the config file changes, a whole new runtime is built and swapped in at once.
 * A config that fails (bad JSON, a validation error, a transformer module that will not load) is
 * rejected and the running one kept; the reason goes to the log.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface ConfigWatcherOptions<T> {
  path: string;
  /** Builds the next snapshot; throws to reject it. */
  rebuild: () => Promise<T>;
  onReload: (next: T) => void;
  onError: (error: unknown) => void;
  /** Editors write a file in several steps: wait for them to settle. */
  debounceMs?: number;
}

export function watchConfig<T>(options: ConfigWatcherOptions<T>): { close(): void } {
  const { path, rebuild, onReload, onError, debounceMs = 200 } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Reloads run one after another, so an older build never replaces a newer one.
      running = running.then(() => rebuild().then(onReload, onError));
    }, debounceMs);
  };
  // Watching the folder, not the file, survives editors that replace the file on save.
  const file = basename(path);
  const watcher: FSWatcher = watch(dirname(path), (_event, name) => {
    if (name === null || name === file) schedule();
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
