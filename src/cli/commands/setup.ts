/**
 * `ccr setup` (also `ccr config init`): a provider, its key, a default model and optionally the
 * router's own key, written as a valid config, through the configuration API's actions. Asks for
 * whatever the flags do not give (stdin, one answer per line); `--yes` asks nothing.
 */
import { providerKey } from '../../config/route-target';
import { parseCommandArgs } from '../args';
import type { CommandContext } from '../command';
import { configActions, configTarget, currentSettings, readConfigValue } from '../config-file';
import { UsageError } from '../errors';
import { stdoutStyles } from '../output';
import { PROVIDER_PRESETS, presetNamed, type ProviderPreset } from '../presets';
import { createPrompter, type Prompter } from '../prompt';

export const help = `Usage: ccr setup [options]          (also: ccr config init)

Writes a config with one provider and makes it the default route. Asks for what the options do
not say (one answer per line on stdin); with --yes asks nothing. An existing config keeps
everything else: a provider of the same name is replaced, and the file is backed up first.

      --provider NAME     ${PROVIDER_PRESETS.map((preset) => preset.name).join(', ')}, or custom
      --api-key KEY       the provider's key, or $VARIABLE to read it from the environment
                          (default: the preset's variable, e.g. $DEEPSEEK_API_KEY)
      --model M           the default model (default: the preset's first)
      --base-url URL      the endpoint (a custom provider needs one; overrides a preset's)
      --name NAME         the provider's name in the config (default: the preset's)
      --transformer T     a custom provider's dialect/transformer: openai, anthropic, gemini…
      --router-key KEY    APIKEY: the key clients must send (and, set, ccr may listen beyond 127.0.0.1)
  -c, --config PATH       the file to write (default: the config ccr finds, else
                          ~/.claude-code-router/config.json)
  -y, --yes               ask nothing; use the defaults`;

const OPTIONS = {
  provider: { type: 'string' },
  'api-key': { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  name: { type: 'string' },
  transformer: { type: 'string' },
  'router-key': { type: 'string' },
  config: { type: 'string', short: 'c' },
  yes: { type: 'boolean', short: 'y' },
} as const;

interface Answers {
  preset: ProviderPreset | undefined;
  name: string;
  baseUrl: string;
  transformer?: string;
  apiKey?: string;
  model: string;
  routerKey?: string;
}

export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const target = configTarget(values.config, context.env, context.cwd);
  const existing = await readConfigValue(target.path);
  const prompter = values.yes ? undefined : createPrompter();
  let answers: Answers;
  try {
    answers = await gather(values, prompter, existing);
  } finally {
    prompter?.close();
  }
  const next = merged(existing ?? {}, answers);
  const settings = await currentSettings(target.path, context.env, context.cwd);
  const result = await configActions(target.path, context.env, settings).update(next);
  const styles = stdoutStyles();
  console.log(`${styles.green(existing ? 'updated' : 'wrote')} ${result.path}${result.backup ? ` (backup ${result.backup.name})` : ''}: provider ${answers.name}, default ${answers.name},${answers.model}.`);
  for (const warning of result.warnings) console.log(`${styles.yellow('warning')}: ${warning}`);
  console.log('Next: `ccr test` checks the key, `ccr code` runs Claude Code through the router.');
  return 0;
}

async function gather(values: Record<string, string | boolean | undefined>, prompter: Prompter | undefined, existing: Record<string, unknown> | undefined): Promise<Answers> {
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : undefined);
  const need = async (question: string, fallback?: string) => {
    if (!prompter) {
      if (fallback !== undefined) return fallback;
      throw new UsageError(`${question.toLowerCase()}: give it as an option (ccr setup --help)`);
    }
    return prompter.ask(question, fallback);
  };

  let providerName = flag('provider');
  if (!providerName) {
    if (!prompter) throw new UsageError('--provider is needed with --yes');
    providerName = await prompter.choose('Provider', [...PROVIDER_PRESETS.map((preset) => preset.name), 'custom']);
  }
  const preset = presetNamed(providerName);
  if (!preset && providerName !== 'custom') {
    throw new UsageError(`--provider: "${providerName}" is not one of ${PROVIDER_PRESETS.map((each) => each.name).join(', ')}, custom`);
  }
  const name = flag('name') ?? (preset ? preset.name : await need('Provider name (as routes will call it)'));
  const baseUrl = flag('base-url') ?? (preset ? preset.api_base_url : await need('Endpoint URL (e.g. https://host/v1/chat/completions)'));
  const transformer = flag('transformer') ?? (preset ? preset.transformer : (await need('Transformer (openai, anthropic, gemini…; Enter for none)', '')) || undefined);
  const keyFallback = preset?.keyless ? '' : preset?.keyVariable ? `$${preset.keyVariable}` : undefined;
  const apiKey = flag('api-key') ?? (preset?.keyless && !prompter ? '' : await need(`API key, or $VARIABLE holding it${preset?.keyless ? ' (Enter for none)' : ''}`, keyFallback));
  const model = flag('model') ?? (await need(`Default model${preset ? ` (${preset.models.join(', ')}, or another)` : ''}`, preset?.models[0]));
  const hasRouterKey = typeof existing?.APIKEY === 'string' && existing.APIKEY !== '';
  const routerKey = flag('router-key') ?? (prompter && !hasRouterKey ? (await prompter.ask('Router key clients must send (APIKEY; Enter for none)', '')) || undefined : undefined);
  if (!model) throw new UsageError('a default model is needed');
  return { preset, name, baseUrl, transformer, apiKey: apiKey || undefined, model, routerKey };
}

/** The existing config with the provider put in (replacing one of the same name) and the default route set. Pure. */
export function merged(config: Record<string, unknown>, answers: Answers): Record<string, unknown> {
  const models = [...new Set([answers.model, ...(answers.preset?.models ?? [])])];
  const provider: Record<string, unknown> = {
    name: answers.name,
    api_base_url: answers.baseUrl,
    ...(answers.apiKey && { api_key: answers.apiKey }),
    models,
    ...(answers.transformer && { transformer: { use: [answers.transformer] } }),
  };
  const key = Array.isArray(config.Providers) || !Array.isArray(config.providers) ? 'Providers' : 'providers';
  const providers = ((config[key] as Array<Record<string, unknown>> | undefined) ?? []).slice();
  const index = providers.findIndex((each) => typeof each?.name === 'string' && providerKey(each.name) === providerKey(answers.name));
  if (index === -1) providers.push(provider);
  else providers[index] = provider;
  return {
    ...config,
    ...(answers.routerKey && { APIKEY: answers.routerKey }),
    [key]: providers,
    Router: { ...((config.Router as Record<string, unknown>) ?? {}), default: `${answers.name},${answers.model}` },
  };
}
