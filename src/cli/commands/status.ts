/** `ccr status`: is it running, where, since when; each server's providers and keys with their health. */
import pkg from '../../../package.json' with { type: 'json' };
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { formatDuration, formatTable, printJson, stdoutStyles, type Styles } from '../output';
import { gatherReport, type ServerReport, type ServiceReport } from '../status-report';

export const help = `Usage: ccr status [--json]

Whether ccr runs; for each server its URL, pid, uptime, version, restarts and config; then each
provider with its state (active, disabled, blacklisted, unhealthy) and its keys (masked) with
theirs, as GET /api/status reports them (asked with the config's APIKEY).
Exits 1 when a server is not running.

  --json   the same as JSON`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const report = await gatherReport(context);
  if (values.json) printJson({ version: pkg.version, ...report });
  else printReport(report, stdoutStyles());
  return report.running ? 0 : 1;
}

function printReport(report: ServiceReport, styles: Styles): void {
  const { supervisor } = report;
  if (report.error) console.log(`${styles.red('ccr is not running')}: ${report.error}`);
  else if (!report.servers.some((server) => server.running)) {
    const why = report.servers.map((server) => server.failure).find(Boolean);
    console.log(`${styles.red('ccr is not running')} (${report.servers.map((server) => server.url).join(', ')} ${report.servers.length > 1 ? 'do' : 'does'} not answer)${why ? `: the supervisor gave up: ${why}` : ''}.`);
  } else {
    const by = supervisor?.running ? `supervisor pid ${supervisor.pid}, started by \`ccr ${supervisor.origin}\`` : 'in the foreground';
    console.log(`ccr ${pkg.version} is ${report.running ? styles.green('running') : styles.yellow('partly running')} (${by}).`);
  }
  if (report.servers.length === 0) return;
  console.log('');
  console.log(
    formatTable(
      ['SERVER', 'STATE', 'URL', 'PID', 'UPTIME', 'RESTARTS', 'VERSION', 'CONFIG'],
      report.servers.map((server) => [
        server.name,
        stateOf(server, styles),
        server.url,
        server.pid === null ? '-' : String(server.pid),
        server.uptimeSeconds === null ? '-' : formatDuration(server.uptimeSeconds),
        server.restarts === null ? '-' : String(server.restarts),
        server.version ?? '-',
        server.configPath ?? '(embedded default)',
      ]),
      styles,
    ),
  );
  const live = report.servers.find((server) => server.running);
  if (live) console.log(`\nDashboard: ${live.url}${report.servers.length > 1 ? '/dual-stats' : '/ui'} (ccr ui opens it)`);
  for (const server of report.servers) {
    if (server.failure && !server.running) console.log(`\n${server.name}: ${styles.red('gave up')}: ${server.failure}`);
    if (server.providersError) console.log(`\n${server.name}: providers unknown: ${server.providersError}`);
    if (!server.providers) continue;
    console.log(`\n${styles.bold(`${server.name}: providers`)}`);
    if (server.providers.length === 0) {
      console.log('  none configured (ccr setup writes one)');
      continue;
    }
    console.log(
      formatTable(
        ['PROVIDER', 'STATE', 'LAST MINUTE', 'KEYS'],
        server.providers.map((provider) => [
          provider.name,
          paintState(provider.state, styles) + (provider.disabledModels.length ? ` (off: ${provider.disabledModels.join(', ')})` : ''),
          `${provider.recentRequests} requests, ${provider.recentFailures} failed`,
          provider.keys.length === 0 ? 'no key' : provider.keys.map((key) => `${key.key} ${paintState(key.state, styles)}`).join(', '),
        ]),
        styles,
      ).replace(/^/gm, '  '),
    );
  }
}

function stateOf(server: ServerReport, styles: Styles): string {
  if (server.running) return styles.green(server.status === 'running' || server.status === null ? 'running' : server.status);
  return styles.red(server.status === 'failed' ? 'failed' : server.status === 'restarting' ? 'restarting' : 'down');
}

export function paintState(state: string, styles: Styles): string {
  switch (state) {
    case 'active':
      return styles.green(state);
    case 'cooling':
    case 'unhealthy':
      return styles.yellow(state);
    default:
      return styles.red(state);
  }
}
