/** The options `start`, `restart` and `service install` share: which configs, ports and host. */
import { parseIntegerOption, type OptionSpec } from './args';
import type { CommandContext } from './command';
import { resolveServerSpecs, type ServerSpec } from './servers';

export const SERVER_OPTIONS = {
  config: { type: 'string', multiple: true, short: 'c' },
  port: { type: 'string', multiple: true, short: 'p' },
  host: { type: 'string' },
  single: { type: 'boolean' },
} as const satisfies OptionSpec;

export const SERVER_OPTIONS_HELP = `  -c, --config PATH  a config to serve; repeat for several servers (each on its own port).
                     Default: the config ccr finds, plus config.release.json beside it if present
  -p, --port N       the port (repeat: one per --config, in order); default PORT or the config's
      --host H       the address to listen on (without APIKEY, ccr listens on 127.0.0.1 only)
      --single       only the main config, not a release config beside it`;

export interface ServerOptionValues {
  config?: string[];
  port?: string[];
  host?: string;
  single?: boolean;
}

export function hasServerOptions(values: ServerOptionValues): boolean {
  return Boolean(values.config?.length || values.port?.length || values.host || values.single);
}

export function specsFromOptions(values: ServerOptionValues, context: CommandContext): Promise<ServerSpec[]> {
  return resolveServerSpecs({
    configs: values.config,
    ports: values.port?.map((port) => parseIntegerOption('port', port, 0, 65535)!),
    host: values.host,
    single: values.single,
    env: context.env,
    cwd: context.cwd,
  });
}
