/**
 * `ccr start`: in the foreground by default (one config: the server runs in this process; several:
 * a supervisor runs them, their lines prefixed); `--daemon` detaches a supervisor that restarts a
 * crashed server. `--autostart` installs the login service instead (ccr service install).
 */
import pkg from '../../../package.json' with { type: 'json' };
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { CliError } from '../errors';
import { stdoutStyles } from '../output';
import { SERVER_OPTIONS, SERVER_OPTIONS_HELP, specsFromOptions } from '../server-options';
import { checkPortFree, cliCommand, startDaemon } from '../service-control';
import { readRunningService, type ServiceState } from '../service-state';
import { serverUrl, type ServerSpec } from '../servers';
import { runSupervisor } from '../supervisor';
import { restartPolicyFrom } from '../supervisor-policy';
import { writeFileAtomic } from '../pid-files';

export const help = `Usage: ccr start [options]

Starts the router. In the foreground by default (Ctrl-C stops it); with --daemon in the
background, where a supervisor restarts a server that crashes (backing off exponentially, and
giving up, with the reason in \`ccr status\`, when it crashes again and again).

${SERVER_OPTIONS_HELP}
  -d, --daemon       run in the background (pid and logs under ~/.claude-code-router/)
      --autostart    install the login service, which starts it now and at every login
                     (the same as \`ccr service install\`)

Several servers: ccr start --config dev.json --config release.json, or config.json with
config.release.json beside it. \`ccr status\` shows them all.`;

const OPTIONS = { ...SERVER_OPTIONS, daemon: { type: 'boolean', short: 'd' }, autostart: { type: 'boolean' } } as const;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  if (values.autostart) {
    const { installService } = await import('./service');
    return installService(values, context);
  }
  const specs = await specsFromOptions(values, context);
  if (values.daemon) return startInBackground(specs, context);
  for (const spec of specs) if (spec.port !== 0) checkPortFree(spec);
  if (specs.length === 1) return serveInThisProcess(specs[0], context);
  // Several servers need a supervisor, and service.json is one supervisor's.
  const running = readRunningService(context.paths);
  if (running) throw new CliError(`ccr is already running in the background (supervisor pid ${running.supervisor.pid}): \`ccr status\`, or \`ccr stop\` first`);
  return runSupervisor({
    specs,
    origin: 'start',
    paths: context.paths,
    serverCommand: cliCommand('__serve'),
    env: context.env,
    cwd: context.cwd,
    version: pkg.version,
    policy: restartPolicyFrom(context.env),
    foreground: true,
    clientCheckMs: 1000,
  });
}

async function startInBackground(specs: ServerSpec[], context: CommandContext): Promise<number> {
  const styles = stdoutStyles();
  const running = readRunningService(context.paths);
  if (running?.origin === 'code') {
    // Started for `ccr code`: from now on it stays when the last Claude Code exits.
    writeFileAtomic(context.paths.pinnedFile, `${process.pid}\n`);
    console.log(`ccr is already running (started by \`ccr code\`); it now stays until \`ccr stop\`.`);
    printServers(running);
    return 0;
  }
  if (running) {
    console.log(`ccr is already running (supervisor pid ${running.supervisor.pid}).`);
    printServers(running);
    return 0;
  }
  const { state } = await startDaemon({ specs, origin: 'start', paths: context.paths, env: context.env, cwd: context.cwd });
  console.log(`${styles.green('ccr started')} in the background (supervisor pid ${state.supervisor.pid}; logs in ${context.paths.logsDir}).`);
  printServers(state);
  return 0;
}

function printServers(state: ServiceState): void {
  for (const server of state.servers) {
    console.log(`  ${server.name}: ${serverUrl(server)}${server.pid ? ` (pid ${server.pid})` : ''}${server.configPath ? `  ${server.configPath}` : '  (embedded default config)'}`);
  }
}

/** One server in the foreground: this process becomes it, as `npm start` always did. */
async function serveInThisProcess(spec: ServerSpec, context: CommandContext): Promise<number> {
  const env = context.env;
  if (spec.configPath) env.CCR_CONFIG_PATH = spec.configPath;
  env.CCR_PORT = String(spec.port);
  if (spec.hostFlag) env.CCR_HOST = spec.hostFlag;
  await import('../../index');
  return 0;
}
