/** What every command module exports, and what it is given. */
import type { Env } from '../config/locate';
import type { DataPaths } from './paths';

export interface CommandContext {
  env: Env;
  cwd: string;
  paths: DataPaths;
}

export interface CommandModule {
  /** The full `ccr <command> --help` text. */
  help: string;
  /** Resolves with the exit code (0 when undefined); fails by throwing a CliError. */
  run(argv: string[], context: CommandContext): Promise<number | void>;
}
