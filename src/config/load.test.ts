import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstRunGuidance } from './default-config';
import { loadConfig } from './load';
import { ConfigError } from './validate';

const BUILT_IN_TRANSFORMERS = new Set(
  'anthropic openai gemini deepseek openrouter groq cerebras ollama siliconflow volcengine maxtoken sampling customparams cleancache streamoptions reasoning tooluse enhancetool extrathinktag'.split(' '),
);
const knownTransformer = (name: string) => BUILT_IN_TRANSFORMERS.has(name.toLowerCase());

const REPO = join(import.meta.dir, '..', '..');
const REAL_WORLD = join(REPO, 'test', 'fixtures', 'config', 'claude-code-router-real-world.jsonc');

let root: string;
let cwd: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ccr-load-'));
  cwd = join(root, 'project');
  home = join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function writeConfig(config: unknown): string {
  const path = join(root, 'config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return path;
}

const minimal = {
  APIKEY: 'secret',
  Providers: [{ name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: 'k', models: ['deepseek-chat'] }],
  Router: { default: 'deepseek,deepseek-chat' },
};

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  try {
    await loadConfig({ cwd, home, ...options });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig: a claude-code-router file', () => {
  test('loads with comments, trailing commas and unknown keys, which are kept unchanged', async () => {
    const env = { CCR_API_KEY: 'router-key', OPENROUTER_API_KEY: 'sk-or', DEEPSEEK_API_KEY: 'sk-ds' };
    const loaded = await loadConfig({ path: REAL_WORLD, env, knownTransformer, cwd, home });
    const config = loaded.config as Record<string, unknown>;

    expect(loaded.path).toBe(REAL_WORLD);
    expect(loaded.baseDir).toBe(join(REPO, 'test', 'fixtures', 'config'));
    expect(loaded.isDefault).toBe(false);
    expect(config.CLAUDE_PATH).toBe('/usr/local/bin/claude');
    expect(config.NON_INTERACTIVE_MODE).toBe(false);
    expect(config.StatusLine).toEqual({
      enabled: true,
      currentStyle: 'default',
      default: { modules: [{ type: 'model', icon: '🤖', text: '{{model}}', color: 'bright_yellow' }] },
    });
    expect(config.transformers).toEqual([{ path: '/home/user/.claude-code-router/plugins/gemini-cli.js', options: { project: 'my-project' } }]);
    expect(loaded.config.Providers?.map((provider) => provider.api_key)).toEqual(['sk-or', 'sk-ds', 'ollama']);
    expect(loaded.config.Router?.longContextThreshold).toBe(60000);
    expect(loaded.settings).toEqual({
      host: '0.0.0.0',
      port: 3456,
      apiKey: 'router-key',
      logLevel: 'debug',
      logToFile: true,
      timeoutMs: 600000,
      streamIdleTimeoutMs: 600000,
      retryDeadlineMs: 600000,
      bodyLimitBytes: 32 * 1024 * 1024,
      configBackups: 20,
      hostForcedLocal: false,
      usageRetentionDays: 90,
    });
    expect(loaded.warnings).toEqual([]);
  });

  test('apart from interpolation, the loaded object equals the parsed file', async () => {
    const env = { CCR_API_KEY: '$CCR_API_KEY', OPENROUTER_API_KEY: '${OPENROUTER_API_KEY}', DEEPSEEK_API_KEY: '$DEEPSEEK_API_KEY' };
    const loaded = await loadConfig({ path: REAL_WORLD, env, knownTransformer, cwd, home });
    expect(loaded.config).toEqual(Bun.JSONC.parse(readFileSync(REAL_WORLD, 'utf8')) as object);
  });

  test('unset variables are reported with their paths, and an unresolved APIKEY is no key at all', async () => {
    const loaded = await loadConfig({ path: REAL_WORLD, env: { DEEPSEEK_API_KEY: 'sk-ds' }, knownTransformer, cwd, home });
    expect(loaded.config.APIKEY).toBe('$CCR_API_KEY');
    expect(loaded.config.Providers?.[0]?.api_key).toBe('${OPENROUTER_API_KEY}');
    expect(loaded.warnings.some((warning) => warning.startsWith('APIKEY: references environment variable CCR_API_KEY'))).toBe(true);
    expect(loaded.warnings.some((warning) => warning.startsWith('Providers[0].api_key: references environment variable OPENROUTER_API_KEY'))).toBe(true);
    expect(loaded.settings.apiKey).toBeUndefined();
    expect(loaded.settings.hostForcedLocal).toBe(true);
    expect(loaded.settings.host).toBe('127.0.0.1');
  });

  test('lower-case "providers" is read as Providers and still written back as the user wrote it', async () => {
    const { Providers, ...rest } = minimal;
    const loaded = await loadConfig({ path: writeConfig({ ...rest, providers: Providers }), env: {}, cwd, home });
    expect(loaded.config.Providers?.[0]?.name).toBe('deepseek');
    expect(Object.keys(loaded.config)).toEqual(['APIKEY', 'Router', 'providers']);
    expect(JSON.parse(JSON.stringify(loaded.config))).toEqual({ ...rest, providers: Providers });
  });
});

describe('loadConfig: settings', () => {
  test('defaults', async () => {
    const loaded = await loadConfig({ path: writeConfig(minimal), env: {}, cwd, home });
    expect(loaded.settings).toEqual({
      host: '127.0.0.1',
      port: 3456,
      apiKey: 'secret',
      logLevel: 'info',
      logToFile: false,
      timeoutMs: 600000,
      streamIdleTimeoutMs: 600000,
      retryDeadlineMs: 600000,
      bodyLimitBytes: 33554432,
      configBackups: 20,
      hostForcedLocal: false,
      usageRetentionDays: 90,
    });
  });

  test('DATA_DIR and USAGE_RETENTION_DAYS from the file; CCR_DATA_DIR, then DATA_DIR, from the environment win', async () => {
    const path = writeConfig({ ...minimal, DATA_DIR: './data', USAGE_RETENTION_DAYS: 7 });
    expect((await loadConfig({ path, env: {}, cwd, home })).settings).toMatchObject({ dataDir: './data', usageRetentionDays: 7 });
    expect((await loadConfig({ path, env: { DATA_DIR: '/env/data' }, cwd, home })).settings.dataDir).toBe('/env/data');
    expect((await loadConfig({ path, env: { DATA_DIR: '/env/data', CCR_DATA_DIR: '/ccr/data' }, cwd, home })).settings.dataDir).toBe('/ccr/data');
  });

  test('file values: PORT as a string, API_TIMEOUT_MS, PROXY_URL, BODY_LIMIT_BYTES, LOG false, CONFIG_BACKUPS', async () => {
    const path = writeConfig({ ...minimal, PORT: '$MY_PORT', HOST: '0.0.0.0', API_TIMEOUT_MS: '1000', PROXY_URL: 'http://127.0.0.1:7890', BODY_LIMIT_BYTES: 4096, LOG: false, CONFIG_BACKUPS: 5 });
    const { settings } = await loadConfig({ path, env: { MY_PORT: '9000' }, cwd, home });
    expect(settings).toMatchObject({ host: '0.0.0.0', port: 9000, timeoutMs: 1000, proxyUrl: 'http://127.0.0.1:7890', bodyLimitBytes: 4096, logToFile: false, configBackups: 5 });
  });

  test('PORT, HOST and LOG_LEVEL from the environment override the file', async () => {
    const path = writeConfig({ ...minimal, PORT: 4000, HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    const { settings } = await loadConfig({ path, env: { PORT: '5000', HOST: '0.0.0.0', LOG_LEVEL: 'DEBUG' }, cwd, home });
    expect(settings).toMatchObject({ port: 5000, host: '0.0.0.0', logLevel: 'debug' });
  });

  test('APIKEY from the environment overrides the file, CCR_APIKEY first; HOST then applies', async () => {
    const path = writeConfig({ ...minimal, APIKEY: 'from-file', HOST: '0.0.0.0' });
    expect((await loadConfig({ path, env: { APIKEY: 'from-env' }, cwd, home })).settings).toMatchObject({ apiKey: 'from-env', host: '0.0.0.0', hostForcedLocal: false });
    expect((await loadConfig({ path, env: { APIKEY: 'plain', CCR_APIKEY: 'prefixed' }, cwd, home })).settings.apiKey).toBe('prefixed');
    const keyless = writeConfig({ ...minimal });
    expect((await loadConfig({ path: keyless, env: { CCR_APIKEY: 'only-env', HOST: '0.0.0.0' }, cwd, home })).settings).toMatchObject({ apiKey: 'only-env', host: '0.0.0.0' });
  });

  test('no APIKEY: a HOST other than 127.0.0.1 is ignored and named; ALLOW_NO_APIKEY listens there anyway, with a warning', async () => {
    const { APIKEY: _key, ...keyless } = minimal as Record<string, unknown>;
    const path = writeConfig({ ...keyless, HOST: '0.0.0.0' });
    const refused = await loadConfig({ path, env: {}, cwd, home });
    expect(refused.settings).toMatchObject({ host: '127.0.0.1', hostForcedLocal: true, hostIgnored: '0.0.0.0' });
    const allowed = await loadConfig({ path, env: { ALLOW_NO_APIKEY: 'true' }, cwd, home });
    expect(allowed.settings).toMatchObject({ host: '0.0.0.0', hostForcedLocal: false });
    expect(allowed.settings.hostIgnored).toBeUndefined();
    expect(allowed.warnings.some((warning) => warning.includes('without an APIKEY'))).toBe(true);
  });

  test('LOG_DIR from the file, CCR_LOG_DIR from the environment first', async () => {
    const path = writeConfig({ ...minimal, LOG_DIR: './logs-here' });
    expect((await loadConfig({ path, env: {}, cwd, home })).settings.logDir).toBe('./logs-here');
    expect((await loadConfig({ path, env: { CCR_LOG_DIR: '/var/log/ccr' }, cwd, home })).settings.logDir).toBe('/var/log/ccr');
  });

  test('CCR_PORT, CCR_HOST and CCR_LOG_LEVEL win over the plain variables', async () => {
    const path = writeConfig({ ...minimal, PORT: 4000 });
    const env = { PORT: '5000', CCR_PORT: '6000', HOST: '10.0.0.1', CCR_HOST: '0.0.0.0', LOG_LEVEL: 'warn', CCR_LOG_LEVEL: 'trace' };
    const { settings } = await loadConfig({ path, env, cwd, home });
    expect(settings).toMatchObject({ port: 6000, host: '0.0.0.0', logLevel: 'trace' });
  });

  test('without APIKEY, HOST is ignored: 127.0.0.1, with a warning saying why', async () => {
    const { APIKEY: _apiKey, ...withoutKey } = minimal;
    const loaded = await loadConfig({ path: writeConfig({ ...withoutKey, HOST: '0.0.0.0' }), env: { CCR_HOST: '192.168.1.5' }, cwd, home });
    expect(loaded.settings.host).toBe('127.0.0.1');
    expect(loaded.settings.hostForcedLocal).toBe(true);
    expect(loaded.settings.apiKey).toBeUndefined();
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain('HOST "192.168.1.5" is ignored');
    expect(loaded.warnings[0]).toContain('no APIKEY');
  });

  test('without APIKEY and without HOST: local, and no warning to nag about', async () => {
    const { APIKEY: _apiKey, ...withoutKey } = minimal;
    const loaded = await loadConfig({ path: writeConfig(withoutKey), env: {}, cwd, home });
    expect(loaded.settings).toMatchObject({ host: '127.0.0.1', hostForcedLocal: true });
    expect(loaded.warnings).toEqual([]);
  });

  test('a bad port or log level in the environment is an error naming the variable, reported with the file\'s errors', async () => {
    const error = await loadError({ path: writeConfig({ ...minimal, Router: { default: 'deepseek' } }), env: { CCR_PORT: 'http', LOG_LEVEL: 'chatty' } });
    expect(error.problems).toEqual([
      'Router.default: "deepseek" is not of the form "provider,model"',
      'environment CCR_PORT: "http" is not a port number (0-65535)',
      'environment LOG_LEVEL: "chatty" is not one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });
});

describe('loadConfig: errors', () => {
  test('several errors at once, with the file in the message', async () => {
    const path = writeConfig({
      ...minimal,
      Providers: [...minimal.Providers, { name: 'bad', api_base_url: 'not a url', transformer: { use: ['nonexistent'] } }],
      Router: { default: 'deepseek,deepseek-chat', think: 'unknown,model' },
    });
    const error = await loadError({ path, env: {}, knownTransformer });
    expect(error.problems).toEqual([
      'Providers[1].api_base_url: "not a url" is not an http(s) URL',
      'Providers[1].transformer.use[0]: unknown transformer "nonexistent"',
      'Router.think: "unknown,model" names provider "unknown", which is not a configured provider (known: deepseek, bad)',
    ]);
    expect(error.message).toContain(path);
    expect(error.message).toContain('3 problems');
  });

  test('a file that is not JSON', async () => {
    const error = await loadError({ path: writeConfig('{\n  "Providers": [\n  }\n}'), env: {} });
    expect(error.problems[0]).toContain('not valid JSON');
    // Where an editor would show it: the stray brace on line 3.
    expect(error.problems[0]).toMatch(/line 3, column 3: /);
  });

  test('an explicit path that does not exist', async () => {
    const error = await loadError({ path: join(root, 'nope.json'), env: {} });
    expect(error.problems[0]).toContain('nope.json');
  });

  test('CONFIG_PATH pointing nowhere is an error, not a silent default', async () => {
    const error = await loadError({ env: { CONFIG_PATH: join(root, 'missing.json') } });
    expect(error.problems).toEqual([`environment CONFIG_PATH: "${join(root, 'missing.json')}" does not exist`]);
  });

  test('warnings found on the way travel with the error', async () => {
    const error = await loadError({ path: writeConfig({ ...minimal, PORT: '$UNSET_PORT' }), env: {} });
    expect(error.problems).toEqual(['PORT: "$UNSET_PORT" is not a port number (0-65535)']);
    expect(error.warnings[0]).toContain('UNSET_PORT');
  });
});

describe('loadConfig: no file', () => {
  test('the embedded default, with guidance saying what to configure and where', async () => {
    const loaded = await loadConfig({ env: {}, cwd, home });
    const homeConfig = join(home, '.claude-code-router', 'config.json');
    expect(loaded.isDefault).toBe(true);
    expect(loaded.path).toBeUndefined();
    expect(loaded.baseDir).toBe(join(home, '.claude-code-router'));
    expect(loaded.config).toEqual({ Providers: [], Router: {} });
    expect(loaded.settings).toMatchObject({ host: '127.0.0.1', port: 3456, hostForcedLocal: true });
    // The log keeps one line: where ccr looked and the file it waits for.
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain(homeConfig);
    expect(loaded.warnings[0]).toContain(join(cwd, 'config.json'));
    expect(loaded.warnings[0]).toContain('CONFIG_PATH');
    // The terminal gets the example as JSON to copy, on lines of its own, and the path to write it to.
    const guidance = firstRunGuidance(homeConfig);
    expect(guidance).toContain(`Write ${homeConfig}`);
    expect(guidance).toContain('\n  "Providers": [\n');
    expect(guidance).toContain('"Router": { "default": "openrouter,anthropic/claude-sonnet-4" }');
    expect(guidance).toContain('no restart needed');
  });

  test('the example in the guidance is itself a valid config', async () => {
    const snippet = firstRunGuidance('/x/config.json').match(/\{[\s\S]*\}/)?.[0];
    expect(snippet).toBeDefined();
    const path = writeConfig(snippet!);
    const fromSnippet = await loadConfig({ path, env: { OPENROUTER_API_KEY: 'k' }, knownTransformer, cwd, home });
    expect(fromSnippet.config.Router?.default).toBe('openrouter,anthropic/claude-sonnet-4');
  });

  test('./config.json in the working directory is found', async () => {
    writeFileSync(join(cwd, 'config.json'), JSON.stringify(minimal));
    const loaded = await loadConfig({ env: {}, cwd, home });
    expect(loaded.path).toBe(join(cwd, 'config.json'));
    expect(loaded.isDefault).toBe(false);
  });
});

describe('config.example.json', () => {
  test('loads and validates against the built-in transformer names, without warnings when its keys are set', async () => {
    const path = join(root, 'config.json');
    copyFileSync(join(REPO, 'config.example.json'), path);
    const env = { CCR_API_KEY: 'k', OPENROUTER_API_KEY: 'k', DEEPSEEK_API_KEY: 'k', GEMINI_API_KEY: 'k' };
    const loaded = await loadConfig({ path, env, knownTransformer, cwd, home });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.Providers?.map((provider) => provider.name)).toEqual(['openrouter', 'deepseek', 'ollama', 'gemini']);
    const router = loaded.config.Router!;
    for (const category of ['default', 'background', 'think', 'longContext', 'webSearch', 'image'] as const) {
      expect(typeof router[category]).toBe('string');
    }
  });
});
