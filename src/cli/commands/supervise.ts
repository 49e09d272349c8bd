/** `ccr __supervise`: the detached supervisor `ccr start --daemon` and `ccr code` spawn. */
import pkg from '../../../package.json' with { type: 'json' };
import type { CommandContext } from '../command';
import { CliError } from '../errors';
import { cliCommand, SUPERVISOR_SPEC_VARIABLE, type SupervisorSpec } from '../service-control';
import { runSupervisor } from '../supervisor';
import { restartPolicyFrom } from '../supervisor-policy';

export const help = 'Usage: ccr __supervise (internal: the supervisor of `ccr start --daemon`)';

export async function run(_argv: string[], { env, cwd, paths }: CommandContext): Promise<number> {
  const text = env[SUPERVISOR_SPEC_VARIABLE];
  if (!text) throw new CliError(`${SUPERVISOR_SPEC_VARIABLE} is not set: the supervisor is started by \`ccr start --daemon\``);
  const spec = JSON.parse(text) as SupervisorSpec;
  const serverEnv = { ...env };
  delete serverEnv[SUPERVISOR_SPEC_VARIABLE];
  const code = await runSupervisor({
    specs: spec.specs,
    origin: spec.origin,
    paths,
    serverCommand: cliCommand('__serve'),
    env: serverEnv,
    cwd,
    version: pkg.version,
    policy: restartPolicyFrom(env),
    foreground: false,
    clientCheckMs: Number(env.CCR_CLIENT_CHECK_MS) || 1000,
  });
  process.exit(code);
}
