/** `ccr test`: is every provider, key and model usable? One tiny request each, straight to the provider. */
import { bootRuntime } from '../../boot';
import { ConfigError } from '../../config/validate';
import { parseCommandArgs, parseIntegerOption } from '../args';
import type { CommandContext } from '../command';
import { CliError } from '../errors';
import { formatTable, printJson, stdoutStyles } from '../output';
import { probeAll, probeTargets } from '../provider-test';

export const help = `Usage: ccr test [--provider NAME] [--model M] [--json]

Sends one tiny request ("Reply with the single word OK.", 16 tokens at most) to every provider,
with each of its keys and each of its models, directly (no running router needed), through the
same conversion code as real traffic. Prints status, latency and the reply or the provider's own
error message, keys masked. Exits 1 when any failed.

  --provider NAME   only this provider
  --model M         only this model (with --provider: even one the provider does not list)
  --config PATH     the config to test (default: the one ccr finds)
  --timeout S       seconds to wait for each answer (default 30)
  --json            the results as JSON`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    provider: { type: 'string' },
    model: { type: 'string' },
    config: { type: 'string', short: 'c' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  const timeoutMs = (parseIntegerOption('timeout', values.timeout, 1, 3600) ?? 30) * 1000;
  let runtime;
  try {
    ({ runtime } = await bootRuntime({ ...(values.config && { path: values.config }), env: context.env, cwd: context.cwd }));
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message) : error;
  }
  const { targets, unprobed } = probeTargets(runtime, { provider: values.provider, model: values.model });
  const results = [...(await probeAll(targets, { timeoutMs, proxyUrl: runtime.settings.proxyUrl, concurrency: 4 })), ...unprobed];
  const failed = results.filter((result) => !result.ok).length;
  if (values.json) {
    printJson({ ok: failed === 0, results });
    return failed === 0 ? 0 : 1;
  }
  const styles = stdoutStyles();
  console.log(
    formatTable(
      ['PROVIDER', 'KEY', 'MODEL', 'STATUS', 'LATENCY', 'MESSAGE'],
      results.map((result) => [
        result.provider,
        result.key,
        result.model,
        result.ok ? styles.green(`ok ${result.status}`) : styles.red(result.status === null ? 'failed' : `failed ${result.status}`),
        result.latencyMs === null ? '-' : `${result.latencyMs} ms`,
        result.message,
      ]),
      styles,
    ),
  );
  console.log(`\n${results.length - failed} of ${results.length} ${failed === 0 ? styles.green('passed') : `passed, ${styles.red(`${failed} failed`)}`}.`);
  return failed === 0 ? 0 : 1;
}
