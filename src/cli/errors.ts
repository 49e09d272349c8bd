/**
 * How a command fails: a one-line reason and an exit code. main.ts prints `ccr: <reason>` on stderr
 * and exits with the code; nothing else in the CLI calls process.exit.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong (unknown option, missing argument): exit code 2, as getopt tools do. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
