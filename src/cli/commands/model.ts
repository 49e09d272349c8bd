/**
 * `ccr model`: the routes, or a new `Router.default` written through the configuration API's
 * actions (validated, backed up, comments kept); on a terminal without an argument, a picker.
 */
import { parseRouteTarget } from '../../config/route-target';
import { ROUTE_CATEGORIES, type RouteSpec } from '../../config/schema';
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { configActions, configTarget, currentSettings, readConfigValue } from '../config-file';
import { UsageError } from '../errors';
import { formatTable, printJson, stdoutStyles } from '../output';
import { createPrompter } from '../prompt';

export const help = `Usage: ccr model [provider,model] [--config PATH] [--json]

Without an argument: the routes (Router.default, background, think, longContext, webSearch,
image, rules) and every provider,model the config lists; on a terminal, then asks for a new
default. With provider,model: sets Router.default. The file is validated first, backed up to
.backups/ beside it and written with its comments kept, as POST /api/config does; a running
router picks the change up by itself.

  -c, --config PATH   the config (default: the one ccr finds)
      --json          the routes and models as JSON`;

/** Default first, then the others as the router asks them. */
const CATEGORIES = ['default', ...ROUTE_CATEGORIES.filter((category) => category !== 'default')] as const;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string', short: 'c' }, json: { type: 'boolean' } }, 1);
  const target = configTarget(values.config, context.env, context.cwd);
  const config = (await readConfigValue(target.path)) ?? {};
  const models = listedModels(config);
  if (positionals[0]) return setDefault(positionals[0], config, target.path, context, models);
  const router = (config.Router ?? {}) as Record<string, unknown>;
  if (values.json) {
    printJson({ path: target.path, exists: target.exists, routes: Object.fromEntries(CATEGORIES.map((category) => [category, router[category] ?? null])), rules: router.rules ?? [], models });
    return 0;
  }
  printRoutes(target.path, target.exists, router, models);
  if (!process.stdin.isTTY || !process.stdout.isTTY || models.length === 0) return 0;
  const prompter = createPrompter();
  try {
    console.log('');
    const current = typeof router.default === 'string' ? router.default : undefined;
    const choice = await prompter.choose('New default (number or provider,model; Enter keeps it)', models, current ?? models[0]);
    if (choice === current) return 0;
    return await setDefault(choice, config, target.path, context, models);
  } finally {
    prompter.close();
  }
}

/** Every `provider,model` the providers list. */
function listedModels(config: Record<string, unknown>): string[] {
  const providers = (config.Providers ?? config.providers ?? []) as Array<{ name?: unknown; models?: unknown }>;
  return providers.flatMap((provider) =>
    typeof provider?.name === 'string' && Array.isArray(provider.models) ? provider.models.filter((model) => typeof model === 'string').map((model) => `${provider.name},${model}`) : [],
  );
}

function printRoutes(path: string, exists: boolean, router: Record<string, unknown>, models: string[]): void {
  const styles = stdoutStyles();
  console.log(`${exists ? path : `${path} (not written yet: ccr runs on its embedded default)`}\n`);
  const rows = CATEGORIES.map((category) => [category, router[category] === undefined || router[category] === '' ? styles.dim('(unset)') : describeRoute(router[category] as RouteSpec)]);
  if (router.longContextThreshold !== undefined) rows.push(['longContextThreshold', String(router.longContextThreshold)]);
  const rules = Array.isArray(router.rules) ? router.rules : [];
  rules.forEach((rule: { name?: string; route?: RouteSpec }, index) => rows.push([`rules[${index}]${rule.name ? ` ${rule.name}` : ''}`, rule.route ? describeRoute(rule.route) : '?']));
  console.log(formatTable(['ROUTE', 'TARGET'], rows, styles));
  console.log(`\n${styles.bold('Models')}: ${models.length ? models.join(', ') : 'none listed (Providers[].models)'}`);
}

function describeRoute(spec: RouteSpec): string {
  if (typeof spec === 'string') return spec;
  const targets = spec.providers.map((target) => `${target.provider},${target.model}${target.weight !== undefined ? ` (weight ${target.weight})` : ''}`).join(' | ');
  return `${targets}${spec.loadBalancing ? ` [${spec.loadBalancing.strategy}]` : ''}${spec.fallback?.length ? `, then ${spec.fallback.join(', ')}` : ''}`;
}

async function setDefault(route: string, config: Record<string, unknown>, path: string, context: CommandContext, models: string[]): Promise<number> {
  if (!parseRouteTarget(route)) throw new UsageError(`"${route}" is not provider,model`);
  const router = (config.Router ?? {}) as Record<string, unknown>;
  const previous = router.default;
  const next = { ...config, Router: { ...router, default: route } };
  const settings = await currentSettings(path, context.env, context.cwd);
  const result = await configActions(path, context.env, settings).update(next);
  if (!models.includes(route)) result.warnings.push(`${route} is not among the models the providers list`);
  const styles = stdoutStyles();
  console.log(`${styles.green('Router.default')} is now ${route}${typeof previous === 'string' ? ` (was ${previous})` : ''}: ${result.path}${result.backup ? ` (backup ${result.backup.name})` : ''}`);
  for (const warning of result.warnings) console.log(`${styles.yellow('warning')}: ${warning}`);
  return 0;
}
