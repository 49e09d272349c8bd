import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the background server keeps its pid and output, beside claude-code-router's config. */
function stateDir(home = homedir()): string {
  return join(home, '.claude-code-router');
}

export const pidFile = (home?: string) => join(stateDir(home), 'ccr.pid');
export const daemonLogFile = (home?: string) => join(stateDir(home), 'ccr.out.log');
