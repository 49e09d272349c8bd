/** `ccr env`: the lines that point a shell's Claude Code at the router. `eval "$(ccr env)"`. */
import { loadConfig } from '../../config/load';
import { ConfigError } from '../../config/validate';
import { parseCommandArgs } from '../args';
import { claudeEnvironment, CLAUDE_ENV_REMOVED } from '../claude-env';
import type { CommandContext } from '../command';
import { CliError, UsageError } from '../errors';
import { printJson } from '../output';
import { resolveServerSpecs, serverUrl } from '../servers';

export const help = `Usage: ccr env [--shell sh|fish|powershell] [--json]

Prints the environment that points Claude Code at the router (its main server):
ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN (the config's APIKEY, or a placeholder),
API_TIMEOUT_MS and DISABLE_TELEMETRY; ANTHROPIC_API_KEY is unset. Use it as
  eval "$(ccr env)"        (fish: ccr env --shell fish | source)

  --shell NAME   sh (default; bash, zsh), fish or powershell
  --json         the variables as a JSON object`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { shell: { type: 'string' }, json: { type: 'boolean' } });
  const shell = values.shell ?? 'sh';
  if (!['sh', 'bash', 'zsh', 'fish', 'powershell', 'pwsh'].includes(shell)) throw new UsageError(`--shell: "${shell}" is not sh, fish or powershell`);
  const variables = await routerEnvironment(context);
  if (values.json) {
    printJson(variables);
    return 0;
  }
  for (const line of exportLines(variables, shell)) console.log(line);
  return 0;
}

export async function routerEnvironment(context: CommandContext): Promise<Record<string, string>> {
  try {
    const [main] = await resolveServerSpecs({ env: context.env, cwd: context.cwd, single: true });
    const { settings } = await loadConfig({ ...(main.configPath && { path: main.configPath }), env: context.env, cwd: context.cwd });
    return claudeEnvironment(serverUrl(main), settings);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** Shell lines setting `variables` and unsetting what would bypass the router. Pure. */
export function exportLines(variables: Record<string, string>, shell: string): string[] {
  const entries = Object.entries(variables);
  switch (shell) {
    case 'fish':
      return [...entries.map(([name, value]) => `set -gx ${name} ${shQuote(value)}`), ...CLAUDE_ENV_REMOVED.map((name) => `set -e ${name}`)];
    case 'powershell':
    case 'pwsh':
      return [
        ...entries.map(([name, value]) => `$env:${name} = '${value.replace(/'/g, "''")}'`),
        ...CLAUDE_ENV_REMOVED.map((name) => `Remove-Item Env:${name} -ErrorAction SilentlyContinue`),
      ];
    default:
      return [...entries.map(([name, value]) => `export ${name}=${shQuote(value)}`), ...CLAUDE_ENV_REMOVED.map((name) => `unset ${name}`)];
  }
}

function shQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
