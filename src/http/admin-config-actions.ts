/**
 * What the configuration API does, apart from HTTP: show the file with its secrets masked; check a
 * new config (unmask, the code-path rule, the startup validation and build), back the file up,
 * write it atomically and apply it at once; list, take and restore backups. Every change runs one
 * at a time. Failures are ApiErrors; nothing is written unless every check passed.
 */
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { bootRuntimeFromValue, type Booted } from '../boot';
import { parseBackupName } from '../config/backup-names';
import { introducedCodePaths } from '../config/code-paths';
import { defaultConfig } from '../config/default-config';
import { editConfigText } from '../config/edit-text';
import { liveApplyProblems, restartNeeded } from '../config/live-apply';
import { parseConfigText } from '../config/load';
import type { Env } from '../config/locate';
import { maskConfigSecrets, unmaskConfigSecrets } from '../config/mask';
import type { Settings } from '../config/settings';
import { openConfigStore, type BackupInfo, type ConfigStore, type StoreFileOps } from '../config/store';
import { ConfigError } from '../config/validate';
import type { ErrorResponse } from '../dialects/anthropic/types';
import type { Runtime } from '../runtime';
import { createRegistry } from '../transformers/registry';
import { ApiError } from './errors';

export interface AdminConfigOptions {
  /** The file ccr runs on; undefined while it runs on the embedded default. */
  configPath: () => string | undefined;
  /** Where the first POST writes when ccr runs on the embedded default (`~/.claude-code-router/config.json`). */
  suggestedPath: string;
  getRuntime: () => Runtime;
  /** The settings ccr listens and logs with: a change to them is named as needing a restart. */
  startedWith: Settings;
  /** `$VAR` values, for the paths of code modules. */
  env: Env;
  /** Swaps the new runtime in; `text` is what was just written to its config path. */
  apply: (next: Booted, text: string) => void;
  /** Validates a parsed config as startup does and builds its runtime; throws listing every problem. */
  build?: (raw: unknown, path: string) => Promise<Booted>;
  /** Names backups; default the system clock. */
  now?: () => Date;
  /** Where `~/` in a module path points; default the user's home. */
  home?: string;
  /** For tests: simulate a crash during the atomic write. */
  fileOps?: Partial<StoreFileOps>;
}

export interface ConfigView {
  path: string;
  exists: boolean;
  config: Record<string, unknown>;
  masked: string[];
}

export interface ApplyResult {
  path: string;
  backup: BackupInfo | null;
  restartRequired: string[];
  warnings: string[];
  pruned: string[];
  formattingKept: boolean;
  restored?: string;
}

export interface BackupResult {
  backup: BackupInfo;
  pruned: string[];
}

export interface BackupList {
  dir: string;
  keep: number;
  backups: BackupInfo[];
}

/** An ApiError that also lists its problems, one per JSON path, for a client to show beside each field. */
export class ConfigProblemsError extends ApiError {
  readonly problems: string[];

  constructor(status: number, summary: string, problems: string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(status, `${summary} (${count}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }

  override toJSON(): ErrorResponse & { error: { problems: string[] } } {
    return { type: 'error', error: { type: this.type, message: this.message, problems: this.problems } };
  }
}

export function createConfigActions(options: AdminConfigOptions) {
  const { env, startedWith } = options;
  const now = options.now ?? (() => new Date());
  const home = options.home ?? homedir();
  const build = options.build ?? ((raw, path) => buildChecked(raw, path, env));
  const openStore = () => openConfigStore(options.configPath() ?? options.suggestedPath, options.fileOps);

  let queue: Promise<unknown> = Promise.resolve();
  /** Changes run one after another: two POSTs never interleave their backup, write and apply. */
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };

  /** The code-path rule, then startup's validation and build, then what cannot be applied live. */
  async function check(raw: unknown, path: string, onDisk: unknown): Promise<Booted> {
    const introduced = introducedCodePaths(raw, onDisk, { env, baseDir: dirname(path), home });
    if (introduced.length > 0) throw new ConfigProblemsError(403, 'The config names code to load that the file on disk does not', introduced);
    let booted: Booted;
    try {
      booted = await build(raw, path);
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
      throw new ConfigProblemsError(400, 'Invalid config', problems);
    }
    const unsafe = liveApplyProblems(startedWith, booted.runtime.settings);
    if (unsafe.length > 0) throw new ConfigProblemsError(400, 'The config cannot be applied while ccr runs', unsafe);
    return booted;
  }

  async function writeAndApply(store: ConfigStore, text: string, booted: Booted): Promise<Omit<ApplyResult, 'formattingKept'>> {
    const backup = (await store.backup(now())) ?? null;
    try {
      await store.write(text);
    } catch (error) {
      throw new ApiError(500, `Could not write ${store.path} (${error instanceof Error ? error.message : String(error)}); the file and the running config are unchanged`);
    }
    options.apply(booted, text);
    const warnings = [...booted.loaded.warnings, ...booted.runtime.warnings];
    let pruned: string[] = [];
    try {
      pruned = await store.prune(booted.runtime.settings.configBackups);
    } catch (error) {
      warnings.push(`old backups could not be pruned: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { path: store.path, backup, restartRequired: restartNeeded(startedWith, booted.runtime.settings), warnings, pruned };
  }

  return {
    async read(): Promise<ConfigView> {
      const store = openStore();
      const text = await store.read();
      if (text === undefined) return { path: store.path, exists: false, config: defaultConfig() as Record<string, unknown>, masked: [] };
      const { value, paths } = maskConfigSecrets(parseOrConflict(text, store.path));
      return { path: store.path, exists: true, config: value as Record<string, unknown>, masked: paths };
    },

    update(posted: Record<string, unknown>): Promise<ApplyResult> {
      return serialized(async () => {
        const store = openStore();
        const text = await store.read();
        const stored = parseOrUndefined(text, store.path);
        const { value, problems } = unmaskConfigSecrets(posted, stored);
        if (problems.length > 0) throw new ConfigProblemsError(400, 'Invalid config', problems);
        const booted = await check(value, store.path, stored);
        const edited = editConfigText(stored === undefined ? undefined : text, value);
        return { ...(await writeAndApply(store, edited.text, booted)), formattingKept: edited.formattingKept };
      });
    },

    backup(): Promise<BackupResult> {
      return serialized(async () => {
        const store = openStore();
        const backup = await store.backup(now());
        if (!backup) throw new ApiError(404, `No config file to back up: ccr runs on its embedded default; POST /api/config writes ${store.path}`);
        return { backup, pruned: await store.prune(options.getRuntime().settings.configBackups) };
      });
    },

    async list(): Promise<BackupList> {
      const store = openStore();
      return { dir: store.backupDir, keep: options.getRuntime().settings.configBackups, backups: await store.list() };
    },

    restore(name: string): Promise<ApplyResult> {
      return serialized(async () => {
        if (!parseBackupName(name)) throw new ApiError(400, `${JSON.stringify(name)} is not a backup name (config.<timestamp>.json, as GET /api/config/backups lists them)`);
        const store = openStore();
        const text = await store.readBackup(name);
        if (text === undefined) throw new ApiError(404, `No backup named ${name} in ${store.backupDir}`);
        let raw: unknown;
        try {
          raw = parseConfigText(text, name);
        } catch (error) {
          throw new ConfigProblemsError(400, 'Invalid config', error instanceof ConfigError ? error.problems : [String(error)]);
        }
        const booted = await check(raw, store.path, parseOrUndefined(await store.read(), store.path));
        // Restored byte for byte: its comments come back with it.
        return { ...(await writeAndApply(store, text, booted)), formattingKept: true, restored: name };
      });
    },
  };
}

/**
 * Startup's checks, plus the built-in transformer names before any module loads, so that a config
 * without modules of its own gets every problem listed in one answer.
 */
function buildChecked(raw: unknown, path: string, env: Env): Promise<Booted> {
  const builtins = createRegistry();
  return bootRuntimeFromValue(raw, { path, baseDir: dirname(path), env, knownTransformer: (name) => builtins.get(name) !== undefined });
}

function parseOrUndefined(text: string | undefined, path: string): unknown {
  if (text === undefined) return undefined;
  try {
    return parseConfigText(text, path);
  } catch {
    return undefined;
  }
}

function parseOrConflict(text: string, path: string): unknown {
  try {
    return parseConfigText(text, path);
  } catch (error) {
    const reason = error instanceof ConfigError ? error.problems.join('; ') : String(error);
    throw new ApiError(409, `The config file cannot be read (${reason}); fix it on disk, or POST /api/config a whole config to replace it (the file is backed up first)`);
  }
}
