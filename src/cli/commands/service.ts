/**
 * `ccr service install|uninstall`: the login service (service-unit.ts), installed with the
 * platform's own tool: `systemctl --user` on Linux, `launchctl` on macOS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { CliError, UsageError } from '../errors';
import { stdoutStyles } from '../output';
import { SERVER_OPTIONS, SERVER_OPTIONS_HELP, specsFromOptions, type ServerOptionValues } from '../server-options';
import { stopService } from '../service-control';
import { readRunningService } from '../service-state';
import { LAUNCHD_LABEL, launchdPlist, SYSTEMD_UNIT_NAME, systemdUnit } from '../service-unit';

export const help = `Usage: ccr service install [options]
       ccr service uninstall [--dry-run]

install writes a login service that runs \`ccr start\` (every server of the configs) and starts
it now: a systemd user unit on Linux (~/.config/systemd/user/${SYSTEMD_UNIT_NAME}, enabled with
systemctl --user), a launchd agent on macOS (~/Library/LaunchAgents/${LAUNCHD_LABEL}.plist). The init
system restarts it if it fails. uninstall stops and removes it.
(\`ccr start --daemon --autostart\` is the same as install.)

${SERVER_OPTIONS_HELP}
      --dry-run      print the unit and the commands, change nothing`;

type Platform = 'linux' | 'darwin';

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'install': {
      const { values } = parseCommandArgs(rest, { ...SERVER_OPTIONS, 'dry-run': { type: 'boolean' } });
      return installService(values, context, values['dry-run'] === true);
    }
    case 'uninstall': {
      const { values } = parseCommandArgs(rest, { 'dry-run': { type: 'boolean' } });
      return uninstallService(context, values['dry-run'] === true);
    }
    default:
      throw new UsageError(action ? `unknown action "${action}" (install or uninstall)` : 'say install or uninstall');
  }
}

export async function installService(values: ServerOptionValues, context: CommandContext, dryRun = false): Promise<number> {
  const platform = platformOf(context);
  const specs = await specsFromOptions(values, context);
  const home = homedir();
  const command = [
    ...launcher(context),
    'start',
    ...specs.flatMap((spec) => (spec.configPath ? ['--config', spec.configPath] : [])),
    ...(values.port ?? []).flatMap((port) => ['--port', port]),
    ...(values.host ? ['--host', values.host] : []),
  ];
  const input = { command, home, path: servicePath(context), logFile: join(context.paths.logsDir, 'login-service.log') };
  const file = unitFile(platform, context);
  const text = platform === 'linux' ? systemdUnit(input) : launchdPlist(input);
  const steps = platform === 'linux' ? [['systemctl', '--user', 'daemon-reload'], ['systemctl', '--user', 'enable', '--now', SYSTEMD_UNIT_NAME]] : [['launchctl', 'bootstrap', `gui/${process.getuid?.() ?? 501}`, file]];
  if (dryRun) {
    console.log(`# ${file}\n${text}`);
    for (const step of steps) console.log(`$ ${step.join(' ')}`);
    return 0;
  }
  const running = readRunningService(context.paths);
  if (running) {
    // The login service listens on the same ports: the background service gives way to it.
    await stopService(context.paths);
    console.log(`stopped the background service (supervisor pid ${running.supervisor.pid}); the login service takes over.`);
  }
  mkdirSync(dirname(file), { recursive: true });
  mkdirSync(context.paths.logsDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, text);
  for (const step of steps) runTool(step, context);
  console.log(`${stdoutStyles().green('installed')} ${file}: ccr starts now and at every login (\`ccr status\`).`);
  if (platform === 'linux') console.log('To start it at boot, before any login: loginctl enable-linger $USER');
  return 0;
}

async function uninstallService(context: CommandContext, dryRun: boolean): Promise<number> {
  const platform = platformOf(context);
  const file = unitFile(platform, context);
  const stop = platform === 'linux' ? ['systemctl', '--user', 'disable', '--now', SYSTEMD_UNIT_NAME] : ['launchctl', 'bootout', `gui/${process.getuid?.() ?? 501}/${LAUNCHD_LABEL}`];
  const after = platform === 'linux' ? [['systemctl', '--user', 'daemon-reload']] : [];
  if (dryRun) {
    for (const step of [stop, [`rm ${file}`], ...after]) console.log(`$ ${step.join(' ')}`);
    return 0;
  }
  if (!existsSync(file)) {
    console.log(`no login service installed (${file} does not exist).`);
    return 0;
  }
  // Not loaded any more (stopped by hand, or never started) is not a failure.
  runTool(stop, context, { allowFailure: true });
  rmSync(file, { force: true });
  for (const step of after) runTool(step, context);
  console.log(`${stdoutStyles().green('uninstalled')} ${file}.`);
  return 0;
}

function platformOf(context: CommandContext): Platform {
  const platform = context.env.CCR_SERVICE_PLATFORM ?? process.platform;
  if (platform === 'linux' || platform === 'darwin') return platform;
  throw new CliError(`no login service for ${platform}: run \`ccr start --daemon\` from your startup scripts instead`);
}

function unitFile(platform: Platform, context: CommandContext): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  const configHome = context.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(configHome, 'systemd', 'user', SYSTEMD_UNIT_NAME);
}

/** How this ccr was started: `node bin/ccr.js` (the launcher says so in CCR_NODE/CCR_BIN), else this runtime and script. */
function launcher(context: CommandContext): string[] {
  const { CCR_NODE: node, CCR_BIN: bin } = context.env;
  return node && bin ? [node, bin] : [process.execPath, process.argv[1]];
}

/** The launcher's folder first (node or bun), then the usual system folders. */
function servicePath(context: CommandContext): string {
  const folders = [dirname(launcher(context)[0]), '/usr/local/bin', '/usr/bin', '/bin'];
  if (platformOf(context) === 'darwin') folders.splice(1, 0, '/opt/homebrew/bin');
  return [...new Set(folders)].join(':');
}

function runTool(step: string[], context: CommandContext, options: { allowFailure?: boolean } = {}): void {
  const result = spawnSync(step[0], step.slice(1), { encoding: 'utf8', env: context.env as NodeJS.ProcessEnv });
  if (result.error) throw new CliError(`could not run ${step[0]}: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFailure) {
    throw new CliError(`\`${step.join(' ')}\` failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().split('\n')[0]}`);
  }
}
