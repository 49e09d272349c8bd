/**
 * `ccr config show | validate | init | import | backups | restore`: the config file, read,
 * checked, started, converted from another router's, and brought back from a backup.
 */
import { existsSync } from 'node:fs';
import { bootRuntime } from '../../boot';
import { detectImportFormat, importConfig, IMPORT_FORMATS, type ImportFormat } from '../../config/import';
import { parseConfigText } from '../../config/load';
import { expandPath } from '../../config/locate';
import { maskConfigSecrets } from '../../config/mask';
import { openConfigStore } from '../../config/store';
import { ConfigError, validateConfig } from '../../config/validate';
import { defaultConfig } from '../../config/default-config';
import { createRegistry } from '../../transformers/registry';
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { configActions, configTarget, currentSettings, readConfigValue } from '../config-file';
import { CliError, errorMessage, UsageError } from '../errors';
import { formatTable, printJson, stdoutStyles } from '../output';
import { homedir } from 'node:os';

export const help = `Usage: ccr config <action> [options]

  show [--json]                  the config, every key and token masked (sk-a…9f3k)
  validate [PATH] [--json]       every problem with its JSON path, as startup checks it; exit 1 if any
  init [options]                 write a config (the same as ccr setup; ccr setup --help)
  import FILE [--out PATH | --json] [--format F] [--force]
                                 convert a config of the dual-server router (route-claudecode) or of
                                 the CodeWhisperer router into ccr's, and list what could not be
                                 carried. Written to the config path (or --out); --json prints it.
                                 An existing file is replaced only with --force, backed up first.
                                 --format: ${IMPORT_FORMATS.join(' or ')} (default: detected)
  backups [--json]               the backups in .backups/ beside the config, newest first
  restore NAME                   put a backup back (validated, the current file backed up first)

  -c, --config PATH   the config to act on (default: the one ccr finds)`;

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'show':
      return show(rest, context);
    case 'validate':
      return validate(rest, context);
    case 'init': {
      const setup = await import('./setup');
      return setup.run(rest, context);
    }
    case 'import':
      return importFile(rest, context);
    case 'backups':
      return backups(rest, context);
    case 'restore':
      return restore(rest, context);
    default:
      throw new UsageError(action ? `unknown action "${action}" (show, validate, init, import, backups, restore)` : 'say which action: show, validate, init, import, backups or restore');
  }
}

const CONFIG_OPTION = { config: { type: 'string', short: 'c' } } as const;

async function show(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION, json: { type: 'boolean' } });
  const target = configTarget(values.config, context.env, context.cwd);
  const value = await readConfigValue(target.path);
  const { value: masked, paths } = maskConfigSecrets(value ?? defaultConfig());
  if (values.json) {
    printJson({ path: target.path, exists: value !== undefined, config: masked, masked: paths });
    return 0;
  }
  console.log(value ? `# ${target.path}` : `# ${target.path} does not exist: ccr runs on this embedded default (\`ccr setup\` writes a config)`);
  console.log(JSON.stringify(masked, null, 2));
  return 0;
}

async function validate(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...CONFIG_OPTION, json: { type: 'boolean' } }, 1);
  const path = positionals[0] ? expandPath(positionals[0], context.cwd, homedir()) : configTarget(values.config, context.env, context.cwd).path;
  if (!existsSync(path)) throw new CliError(`${path} does not exist`);
  let problems: string[] = [];
  let warnings: string[] = [];
  try {
    // Startup's own checks, the user's transformer modules loaded.
    const booted = await bootRuntime({ path, env: context.env, cwd: context.cwd });
    warnings = [...booted.loaded.warnings, ...booted.runtime.warnings];
  } catch (error) {
    if (!(error instanceof ConfigError)) problems = [errorMessage(error)];
    else ({ problems, warnings } = error);
  }
  if (values.json) printJson({ path, valid: problems.length === 0, problems, warnings });
  else {
    const styles = stdoutStyles();
    if (problems.length === 0) console.log(`${styles.green('valid')}: ${path}`);
    else console.log(`${styles.red('invalid')}: ${path} (${problems.length === 1 ? '1 problem' : `${problems.length} problems`})\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    for (const warning of warnings) console.log(`${styles.yellow('warning')}: ${warning}`);
  }
  return problems.length === 0 ? 0 : 1;
}

async function importFile(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string', short: 'o' }, json: { type: 'boolean' }, format: { type: 'string' }, force: { type: 'boolean' } }, 1);
  if (!positionals[0]) throw new UsageError('name the file to import: ccr config import FILE');
  if (values.out && values.json) throw new UsageError('--out and --json exclude each other');
  const source = expandPath(positionals[0], context.cwd, homedir());
  if (!existsSync(source)) throw new CliError(`${source} does not exist`);
  let raw: unknown;
  try {
    raw = parseConfigText(await Bun.file(source).text(), source);
  } catch (error) {
    throw new CliError(error instanceof ConfigError ? error.problems.join('; ') : errorMessage(error));
  }
  const format = values.format ?? detectImportFormat(raw);
  if (format === 'ccr') throw new CliError(`${source} is in ccr's (claude-code-router's) format already: use it as it is`);
  if (!format || !IMPORT_FORMATS.includes(format as ImportFormat)) {
    throw new CliError(values.format ? `--format: "${values.format}" is not ${IMPORT_FORMATS.join(' or ')}` : `${source} is not a config of the dual-server or the CodeWhisperer router (say which with --format)`);
  }
  const { config, notCarried } = importConfig(raw, format as ImportFormat);
  const problems = validateConfig(config, { knownTransformer: knownAfterImport() }).errors;
  const report = (write: (line: string) => void) => {
    if (notCarried.length > 0) write(`Not carried over (${notCarried.length}):\n${notCarried.map((line) => `  - ${line}`).join('\n')}`);
    if (problems.length > 0) write(`The converted config has problems to fix by hand:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  };
  if (values.json) {
    printJson(config);
    report((line) => process.stderr.write(`${line}\n`));
    return problems.length === 0 ? 0 : 1;
  }
  const destination = values.out ? expandPath(values.out, context.cwd, homedir()) : configTarget(undefined, context.env, context.cwd).path;
  if (problems.length > 0) {
    report((line) => console.log(line));
    throw new CliError(`nothing written: fix the problems above in ${source}, or take the result with --json and fix it there`);
  }
  const store = openConfigStore(destination);
  const exists = (await store.read()) !== undefined;
  if (exists && !values.force) throw new CliError(`${destination} exists: --force replaces it (after a backup), or --out PATH writes elsewhere`);
  const backup = exists ? await store.backup(new Date()) : undefined;
  await store.write(`${JSON.stringify(config, null, 2)}\n`);
  const styles = stdoutStyles();
  console.log(`${styles.green('imported')} ${source} (${format}) into ${destination}${backup ? ` (the old file backed up as ${backup.name})` : ''}.`);
  report((line) => console.log(line));
  return 0;
}

/** Transformer names an imported config may use: the built-ins (`codewhisperer` among them). */
function knownAfterImport(): (name: string) => boolean {
  const registry = createRegistry();
  return (name) => registry.get(name) !== undefined;
}

async function backups(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION, json: { type: 'boolean' } });
  const target = configTarget(values.config, context.env, context.cwd);
  const list = await configActions(target.path, context.env, await currentSettings(target.path, context.env, context.cwd)).list();
  if (values.json) {
    printJson(list);
    return 0;
  }
  if (list.backups.length === 0) {
    console.log(`no backups in ${list.dir} (one is taken before every change by ccr model, ccr setup, ccr config restore and POST /api/config)`);
    return 0;
  }
  console.log(`${list.dir} (the newest ${list.keep} are kept)\n`);
  console.log(formatTable(['NAME', 'TAKEN', 'SIZE'], list.backups.map((backup) => [backup.name, backup.time, `${backup.size} B`]), stdoutStyles()));
  return 0;
}

async function restore(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, CONFIG_OPTION, 1);
  if (!positionals[0]) throw new UsageError('name the backup to restore (ccr config backups lists them)');
  const target = configTarget(values.config, context.env, context.cwd);
  const result = await configActions(target.path, context.env, await currentSettings(target.path, context.env, context.cwd)).restore(positionals[0]);
  console.log(`${stdoutStyles().green('restored')} ${positionals[0]} to ${result.path}${result.backup ? ` (the file it replaced backed up as ${result.backup.name})` : ''}.`);
  if (result.restartRequired.length > 0) console.log(`A running ccr applies ${result.restartRequired.join(', ')} after \`ccr restart\`.`);
  return 0;
}
