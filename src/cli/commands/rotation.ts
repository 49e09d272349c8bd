/** `ccr rotation`: every key of every provider, with its state and use; keys masked. */
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { formatTable, printJson, stdoutStyles } from '../output';
import { gatherReport } from '../status-report';
import { paintState } from './status';

export const help = `Usage: ccr rotation [--json]

Each provider's keys (masked) as the running servers use them: state (active, cooling, disabled),
failures in a row, requests, success rate, last use, and why a key rests. Exits 1 when ccr
is not running.

  --json   the same as JSON`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const report = await gatherReport(context);
  const servers = report.servers
    .filter((server) => server.providers)
    .map((server) => ({
      name: server.name,
      url: server.url,
      providers: server.providers!.map(({ name, rotation, keys }) => ({ name, rotation, keys })),
    }));
  if (values.json) {
    printJson({ servers });
    return servers.length > 0 ? 0 : 1;
  }
  if (servers.length === 0) {
    const why = report.servers.map((server) => server.providersError).find(Boolean);
    console.log(`ccr is not running${why ? ` (${why})` : ''}: start it with \`ccr start --daemon\`.`);
    return 1;
  }
  const styles = stdoutStyles();
  for (const server of servers) {
    if (servers.length > 1) console.log(styles.bold(`${server.name} (${server.url})`));
    const rows = server.providers.flatMap((provider) =>
      provider.keys.map((key) => [
        provider.name,
        `${provider.rotation.enabled ? provider.rotation.strategy : 'in order'}`,
        key.key,
        paintState(key.state, styles),
        String(key.failures),
        String(key.requests),
        key.successRate === null ? '-' : `${Math.round(key.successRate * 100)}%`,
        key.lastUsedAt ?? '-',
        key.coolingUntil ? `cooling until ${key.coolingUntil}` : (key.disabledReason ?? key.lastError?.message ?? ''),
      ]),
    );
    console.log(
      rows.length === 0
        ? 'no keys configured'
        : formatTable(['PROVIDER', 'ROTATION', 'KEY', 'STATE', 'FAILURES', 'REQUESTS', 'SUCCESS', 'LAST USED', 'NOTE'], rows, styles),
    );
  }
  return 0;
}
