/**
 * `ccr <command>`: the dispatcher. Each command lives in commands/<name>.ts and is loaded only
 * when asked for, so that `ccr status` does not load the server. A failure prints one line,
 * `ccr: <reason>`, on stderr and exits non-zero (2 for a wrong command line).
 */
import pkg from '../../package.json' with { type: 'json' };
import { loadDotEnv } from '../env';
import type { CommandModule } from './command';
import { CliError, errorMessage } from './errors';
import { stderrStyles } from './output';
import { dataPaths } from './paths';

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
  /** Not listed in the help: used by ccr itself. */
  internal?: boolean;
}

const COMMANDS: Record<string, CommandEntry> = {
  start: { summary: 'start the router (foreground; --daemon: in the background, supervised)', load: () => import('./commands/start') },
  stop: { summary: 'stop the background service', load: () => import('./commands/stop') },
  restart: { summary: 'stop the background service and start it again', load: () => import('./commands/restart') },
  status: { summary: 'servers, ports, uptime, providers, keys and their health', load: () => import('./commands/status') },
  rotation: { summary: "each provider's keys: state, failures, use", load: () => import('./commands/rotation') },
  logs: { summary: "the servers' logs (-f to follow)", load: () => import('./commands/logs') },
  service: { summary: 'install or uninstall the login service (systemd user unit, launchd agent)', load: () => import('./commands/service') },
  code: { summary: 'run Claude Code through the router (starts it if needed)', load: () => import('./commands/code') },
  model: { summary: 'show the routes, or set the default model', load: () => import('./commands/model') },
  ui: { summary: 'open the dashboard in the browser (starts the router if needed)', load: () => import('./commands/ui') },
  env: { summary: 'print the export lines that point Claude Code at the router', load: () => import('./commands/env') },
  activate: { summary: 'the same as env, as claude-code-router names it: eval "$(ccr activate)"', load: () => import('./commands/env') },
  statusline: { summary: "Claude Code's status line: the session's providers, tokens and cost", load: () => import('./commands/statusline') },
  test: { summary: 'send one tiny request per provider, key and model', load: () => import('./commands/test') },
  setup: { summary: 'write a config: provider, key, default model (same as config init)', load: () => import('./commands/setup') },
  config: { summary: 'show, validate, init, import; backups and restore', load: () => import('./commands/config') },
  version: { summary: 'print the version', load: () => import('./commands/version') },
  __supervise: { summary: '', internal: true, load: () => import('./commands/supervise') },
  __serve: { summary: '', internal: true, load: () => import('./commands/serve') },
};

export function mainHelp(): string {
  const names = Object.keys(COMMANDS).filter((name) => !COMMANDS[name].internal);
  const width = Math.max(...names.map((name) => name.length));
  return `ccr ${pkg.version} — route Claude Code to any model provider

Usage: ccr <command> [options]     ccr <command> --help for its options

${names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`).join('\n')}

Config: CONFIG_PATH, ./config.json (a router config only) or ~/.claude-code-router/config.json (see config.example.json).
Data:   ~/.claude-code-router/ (service state in service/, logs in logs/).`;
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      if (rest[0] && COMMANDS[rest[0]]) return main([rest[0], '--help']);
      console.log(mainHelp());
      return 0;
    case '--version':
    case '-v':
      console.log(pkg.version);
      return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) throw new CliError(`unknown command "${command}" (ccr --help lists them)`, 2);
  const module = await entry.load();
  // `ccr code` passes its arguments to Claude Code: only a leading --help is its own.
  if (command === 'code' ? rest[0] === '--help' || rest[0] === '-h' : rest.includes('--help') || rest.includes('-h')) {
    console.log(module.help);
    return 0;
  }
  await loadDotEnv();
  return (await module.run(rest, { env: process.env, cwd: process.cwd(), paths: dataPaths() })) ?? 0;
}

try {
  const code = await main(process.argv.slice(2));
  // Commands that leave a server or a child running (start, __serve, __supervise, logs -f) never resolve.
  process.exitCode = code;
} catch (error) {
  const styles = stderrStyles();
  process.stderr.write(`${styles.red('ccr:')} ${errorMessage(error)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
