/**
 * Setting up and checking, driven as a user would: `ccr setup` answered through stdin and from
 * flags, `ccr model`, `ccr config show|validate|backups|restore|import`, `ccr env`, `ccr test`
 * against fake providers that answer and refuse, `ccr service install|uninstall` with a fake
 * systemctl and launchctl; every command's --help; --json outputs parse.
 */
import { afterAll, afterEach, describe, expect, test } from 'bun:test';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { createSandbox, freePort, type CliSandbox } from '../support/ccr-cli';
import { chatCompletion, startFakeUpstream } from '../support/fake-upstream';

const sandboxes: CliSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.cleanup()));
});
function sandbox(env: Record<string, string> = {}): CliSandbox {
  const created = createSandbox(env);
  sandboxes.push(created);
  return created;
}
const fixture = (name: string) => join(import.meta.dir, '../fixtures/config', name);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('ccr setup', () => {
  test('answered through stdin: a preset by name, its key variable and first model taken on Enter, a router key', async () => {
    const ccr = sandbox();
    const result = await ccr.run(['setup'], { stdin: 'deepseek\n\n\nmy-router-key-1234\n' });
    expect(result.code).toBe(0);
    expect(result.err).toContain('Provider: ');
    expect(result.err).toContain('API key, or $VARIABLE holding it [$DEEPSEEK_API_KEY]: ');
    expect(result.out).toContain(`wrote ${join(ccr.dataDir, 'config.json')}: provider deepseek, default deepseek,deepseek-chat.`);
    expect(readJson(join(ccr.dataDir, 'config.json'))).toEqual({
      APIKEY: 'my-router-key-1234',
      Providers: [
        {
          name: 'deepseek',
          api_base_url: 'https://api.deepseek.com/chat/completions',
          api_key: '$DEEPSEEK_API_KEY',
          models: ['deepseek-chat', 'deepseek-reasoner'],
          transformer: { use: ['deepseek'] },
        },
      ],
      Router: { default: 'deepseek,deepseek-chat' },
    });
    expect((await ccr.run(['config', 'validate'], { env: { DEEPSEEK_API_KEY: 'sk-x' } })).code).toBe(0);
  });

  test('by number, with a typed key and model; an existing JSONC config keeps its comments and other providers, backed up first', async () => {
    const ccr = sandbox();
    const path = ccr.writeConfig('config.json', '{\n  // my providers\n  "Providers": [{ "name": "local", "api_base_url": "http://127.0.0.1:1/v1/chat/completions", "models": ["m"] }],\n  "Router": { "default": "local,m" },\n}\n');
    const anthropic = 9;
    const result = await ccr.run(['config', 'init'], { stdin: `${anthropic}\nsk-ant-direct-key-1234\nclaude-haiku-4-5\n\n` });
    expect(result.code).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('// my providers');
    const config = Bun.JSONC.parse(text) as any;
    expect(config.Providers.map((provider: { name: string }) => provider.name)).toEqual(['local', 'anthropic']);
    expect(config.Providers[1]).toMatchObject({ api_key: 'sk-ant-direct-key-1234', models: ['claude-haiku-4-5', 'claude-sonnet-4-5'] });
    expect(config.Router.default).toBe('anthropic,claude-haiku-4-5');
    expect(readdirSync(join(ccr.dataDir, '.backups'))).toHaveLength(1);
  });

  test('from flags with --yes, nothing asked; without --provider it says what is missing', async () => {
    const ccr = sandbox();
    const result = await ccr.run(['setup', '--provider', 'ollama', '--model', 'qwen3-coder', '--yes']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(readJson(join(ccr.dataDir, 'config.json')).Providers[0]).toEqual({
      name: 'ollama',
      api_base_url: 'http://localhost:11434/v1/chat/completions',
      models: ['qwen3-coder', 'qwen2.5-coder:latest'],
      transformer: { use: ['ollama'] },
    });
    const custom = await ccr.run(['setup', '--provider', 'custom', '--name', 'mine', '--base-url', 'https://llm.example/v1/chat/completions', '--api-key', '$MINE_KEY', '--model', 'big', '--yes']);
    expect(custom.code).toBe(0);
    expect(readJson(join(ccr.dataDir, 'config.json')).Router.default).toBe('mine,big');
    expect(await ccr.run(['setup', '--yes'])).toMatchObject({ code: 2, err: 'ccr: --provider is needed with --yes\n' });
    expect((await ccr.run(['setup', '--provider', 'nope', '--yes'])).err).toStartWith('ccr: --provider: "nope" is not one of deepseek, openrouter');
  });
});

describe('ccr model and ccr config', () => {
  function withConfig(ccr: CliSandbox) {
    return ccr.writeConfig('config.json', {
      APIKEY: 'router-secret-key-9876',
      Providers: [
        { name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: 'sk-deepseek-secret-1111', models: ['deepseek-chat', 'deepseek-reasoner'] },
        { name: 'gemini', api_base_url: 'https://generativelanguage.googleapis.com/v1beta/models/', api_key: '$GEMINI_API_KEY', models: ['gemini-2.5-flash'] },
      ],
      Router: { default: 'deepseek,deepseek-chat', background: 'gemini,gemini-2.5-flash' },
    });
  }

  test('model: the routes and models; a new default written through the validated, backed-up path; a wrong one refused', async () => {
    const ccr = sandbox();
    const path = withConfig(ccr);
    const shown = JSON.parse((await ccr.run(['model', '--json'])).out);
    expect(shown).toMatchObject({ path, exists: true, routes: { default: 'deepseek,deepseek-chat', background: 'gemini,gemini-2.5-flash', think: null } });
    expect(shown.models).toEqual(['deepseek,deepseek-chat', 'deepseek,deepseek-reasoner', 'gemini,gemini-2.5-flash']);
    expect((await ccr.run(['model'])).out).toMatch(/default\s+deepseek,deepseek-chat/);

    const set = await ccr.run(['model', 'deepseek,deepseek-reasoner']);
    expect(set.code).toBe(0);
    expect(set.out).toContain('Router.default is now deepseek,deepseek-reasoner (was deepseek,deepseek-chat)');
    expect(readJson(path).Router.default).toBe('deepseek,deepseek-reasoner');
    // Keys untouched: written from the file's own value, not a masked view.
    expect(readJson(path).Providers[0].api_key).toBe('sk-deepseek-secret-1111');

    const wrong = await ccr.run(['model', 'nobody,x']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('Router.default: "nobody,x" names provider "nobody", which is not a configured provider (known: deepseek, gemini)');
    expect(readJson(path).Router.default).toBe('deepseek,deepseek-reasoner');

    const backups = JSON.parse((await ccr.run(['config', 'backups', '--json'])).out);
    expect(backups.backups).toHaveLength(1);
    const restored = await ccr.run(['config', 'restore', backups.backups[0].name]);
    expect(restored.code).toBe(0);
    expect(readJson(path).Router.default).toBe('deepseek,deepseek-chat');
    expect((await ccr.run(['config', 'restore', 'config.nope.json'])).err).toContain('is not a backup name');
  });

  // util-linux `script` gives the command a terminal, as a person at one would.
  test.skipIf(!Bun.which('script'))('model on a terminal, without an argument: a picker, answered by number', async () => {
    const ccr = sandbox();
    const path = withConfig(ccr);
    const main = join(import.meta.dir, '../../src/cli/main.ts');
    const child = Bun.spawn(['script', '-qec', `${process.execPath} ${main} model`, '/dev/null'], {
      cwd: ccr.cwd,
      env: { ...ccr.env, NO_COLOR: '1' },
      stdin: new Blob(['2\n']),
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(code).toBe(0);
    expect(out).toContain('   2) deepseek,deepseek-reasoner');
    expect(out).toContain('Router.default is now deepseek,deepseek-reasoner (was deepseek,deepseek-chat)');
    expect(readJson(path).Router.default).toBe('deepseek,deepseek-reasoner');
  });

  test('config show masks keys and tokens; $VAR references are shown as written', async () => {
    const ccr = sandbox();
    withConfig(ccr);
    const shown = await ccr.run(['config', 'show', '--json']);
    const view = JSON.parse(shown.out);
    expect(view.config.APIKEY).toBe('rout…9876');
    expect(view.config.Providers[0].api_key).toBe('sk-d…1111');
    expect(view.config.Providers[1].api_key).toBe('$GEMINI_API_KEY');
    expect(view.masked).toEqual(['APIKEY', 'Providers[0].api_key']);
    const text = await ccr.run(['config', 'show']);
    expect(text.out).not.toContain('secret');
  });

  test('config validate lists every problem with its JSON path and exits 1', async () => {
    const ccr = sandbox();
    const path = ccr.writeConfig('broken.json', { PORT: 'abc', Providers: [{ name: 'p', api_base_url: 'not a url' }], Router: { default: 'q,m' } });
    const result = await ccr.run(['config', 'validate', path]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`invalid: ${path} (3 problems)`);
    expect(result.out).toContain('  - Providers[0].api_base_url: "not a url" is not an http(s) URL');
    expect(result.out).toContain('  - Router.default: "q,m" names provider "q", which is not a configured provider (known: p)');
    const json = JSON.parse((await ccr.run(['config', 'validate', path, '--json'])).out);
    expect(json).toMatchObject({ path, valid: false });
    expect(json.problems).toHaveLength(3);
    expect(await ccr.run(['config', 'validate', '/nonexistent.json'])).toMatchObject({ code: 1, err: 'ccr: /nonexistent.json does not exist\n' });
  });

  test('env prints the export lines for the main server', async () => {
    const ccr = sandbox();
    withConfig(ccr);
    const lines = (await ccr.run(['env'], { env: { PORT: '4567' } })).out.trim().split('\n');
    expect(lines).toEqual([
      'export ANTHROPIC_BASE_URL=http://127.0.0.1:4567',
      'export ANTHROPIC_AUTH_TOKEN=router-secret-key-9876',
      'export API_TIMEOUT_MS=600000',
      'export DISABLE_TELEMETRY=1',
      'unset ANTHROPIC_API_KEY',
    ]);
    expect(JSON.parse((await ccr.run(['env', '--json'])).out)).toMatchObject({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:3456', DISABLE_TELEMETRY: '1' });
    // As claude-code-router's users type it: eval "$(ccr activate)".
    expect((await ccr.run(['activate'], { env: { PORT: '4567' } })).out.trim().split('\n')).toEqual(lines);
  });

  test("run in a project whose own config.json is an app's, not the router's: the router's config is used", async () => {
    const ccr = sandbox();
    withConfig(ccr);
    writeFileSync(join(ccr.cwd, 'config.json'), JSON.stringify({ name: 'my-app', port: 8080 }));
    const variables = JSON.parse((await ccr.run(['env', '--json'])).out);
    expect(variables).toMatchObject({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:3456', ANTHROPIC_AUTH_TOKEN: 'router-secret-key-9876' });
  });
});

describe('ccr config import', () => {
  test('the dual-server router\'s config: to stdout with --json, what was not carried on stderr', async () => {
    const ccr = sandbox();
    const result = await ccr.run(['config', 'import', fixture('dual-server/config.json'), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual(readJson(fixture('dual-server/config.ccr.json')));
    expect(result.err).toContain('Not carried over (12):');
    expect(result.err).toContain('  - server.name: ccr names a server after its config file');
  });

  test('the CodeWhisperer router\'s config: to the config path, then --out; an existing file only with --force, backed up', async () => {
    const ccr = sandbox();
    const source = fixture('codewhisperer-router.json');
    const first = await ccr.run(['config', 'import', source]);
    expect(first.code).toBe(0);
    const destination = join(ccr.dataDir, 'config.json');
    expect(first.out).toContain(`imported ${source} (codewhisperer-router) into ${destination}.`);
    expect(first.out).toContain('  - routing.customRules[2]: no condition ccr can check');
    expect(readJson(destination)).toEqual(readJson(fixture('codewhisperer-router.ccr.json')));

    const again = await ccr.run(['config', 'import', source]);
    expect(again).toMatchObject({ code: 1 });
    expect(again.err).toBe(`ccr: ${destination} exists: --force replaces it (after a backup), or --out PATH writes elsewhere\n`);
    const forced = await ccr.run(['config', 'import', source, '--force']);
    expect(forced.out).toMatch(/the old file backed up as config\.\d{8}T\d{6}\.\d{3}Z\.json/);

    const out = join(ccr.root, 'elsewhere.json');
    expect((await ccr.run(['config', 'import', fixture('dual-server/config.release.json'), '--out', out])).code).toBe(0);
    expect(readJson(out)).toEqual(readJson(fixture('dual-server/config.release.ccr.json')));
  });

  test('a file in neither format, or in ccr\'s own, is refused saying so', async () => {
    const ccr = sandbox();
    const own = await ccr.run(['config', 'import', fixture('dual-server/config.ccr.json'), '--json']);
    expect(own.err).toContain("is in ccr's (claude-code-router's) format already");
    const other = ccr.writeConfig('other.json', { hello: 'world' });
    expect((await ccr.run(['config', 'import', other])).err).toContain('is not a config of the dual-server or the CodeWhisperer router (say which with --format)');
  });
});

describe('ccr test', () => {
  const upstream = startFakeUpstream((request) => {
    if (request.path.startsWith('/gemini/')) {
      return { json: { candidates: [{ content: { role: 'model', parts: [{ text: 'OK' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1, totalTokenCount: 6 } } };
    }
    const key = request.headers.authorization?.replace('Bearer ', '');
    if (key === 'sk-good-key-aaaa1111') return { json: chatCompletion('OK', { prompt: 5, completion: 1 }) };
    return { status: 401, json: { error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' } } };
  });
  afterAll(() => upstream.stop());

  function testConfig(ccr: CliSandbox) {
    ccr.writeConfig('config.json', {
      Providers: [
        { name: 'openai', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: ['sk-good-key-aaaa1111', 'sk-bad-key-bbbb2222'], models: ['gpt-4.1'] },
        { name: 'gemini', api_base_url: `${upstream.url}/gemini/v1beta/models/`, api_key: 'AIza-gemini-key-cccc3333', models: ['gemini-2.5-flash'], transformer: { use: ['gemini'] } },
        { name: 'down', api_base_url: `http://127.0.0.1:${freePort()}/v1/chat/completions`, api_key: 'sk-down-key-dddd4444', models: ['m'] },
      ],
      Router: { default: 'openai,gpt-4.1' },
    });
  }

  test('every provider, key and model: status, latency and the provider\'s own error, keys masked; exit 1 when any failed', async () => {
    const ccr = sandbox();
    testConfig(ccr);
    const result = await ccr.run(['test', '--json']);
    expect(result.code).toBe(1);
    const { ok, results } = JSON.parse(result.out);
    expect(ok).toBe(false);
    expect(results.map((row: { provider: string; key: string; model: string; ok: boolean; status: number | null }) => [row.provider, row.key, row.model, row.ok, row.status])).toEqual([
      ['openai', 'sk-g…1111', 'gpt-4.1', true, 200],
      ['openai', 'sk-b…2222', 'gpt-4.1', false, 401],
      ['gemini', 'AIza…3333', 'gemini-2.5-flash', true, 200],
      ['down', 'sk-d…4444', 'm', false, null],
    ]);
    expect(results[0].message).toBe('OK');
    expect(results[1].message).toBe('Incorrect API key provided: sk-b…2222. You can find your API key at https://platform.openai.com/account/api-keys.');
    expect(results[3].message).not.toBe('');
    expect(result.out).not.toContain('bbbb2222x');
    expect(result.out).not.toContain('sk-bad-key-bbbb2222');
    // The same code as real traffic: OpenAI's body from the Anthropic request, Gemini's path and key header.
    const gemini = upstream.requests.find((request) => request.path.startsWith('/gemini/'))!;
    expect(gemini.path).toBe('/gemini/v1beta/models/gemini-2.5-flash:generateContent');
    expect(gemini.headers['x-goog-api-key']).toBe('AIza-gemini-key-cccc3333');
    expect(upstream.requests.find((request) => request.path === '/v1/chat/completions')!.body).toMatchObject({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Reply with the single word OK.' }] });

    const table = await ccr.run(['test']);
    expect(table.code).toBe(1);
    expect(table.out).toMatch(/^PROVIDER\s+KEY\s+MODEL\s+STATUS\s+LATENCY\s+MESSAGE$/m);
    expect(table.out).toMatch(/^openai\s+sk-b…2222\s+gpt-4\.1\s+failed 401\s+\d+ ms\s+Incorrect API key provided: sk-b…2222\./m);
    expect(table.out).toContain('2 of 4 passed, 2 failed.');
    expect(table.out).not.toContain('\x1b[');
  });

  test('--provider and --model narrow it; all passing exits 0', async () => {
    const ccr = sandbox();
    testConfig(ccr);
    expect((await ccr.run(['test', '--provider', 'gemini'])).code).toBe(0);
    expect((await ccr.run(['test', '--model', 'gemini-2.5-flash'])).code).toBe(0);
    const unknown = await ccr.run(['test', '--provider', 'nope']);
    expect(unknown).toMatchObject({ code: 1, err: 'ccr: no provider named "nope" (configured: openai, gemini, down)\n' });
  });
});

describe('ccr service', () => {
  function fakeTool(ccr: CliSandbox, name: string, exit = 0) {
    const bin = join(ccr.root, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = join(ccr.root, `${name}.log`);
    writeFileSync(join(bin, name), `#!/bin/sh\necho "$@" >> '${log}'\n${exit ? `echo "Failed to connect to bus: No medium found" >&2\nexit ${exit}` : ''}\n`);
    chmodSync(join(bin, name), 0o755);
    return { env: { PATH: `${bin}:${process.env.PATH}` }, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
  }

  test('install writes a systemd user unit running ccr start and enables it with systemctl --user; uninstall undoes it', async () => {
    const ccr = sandbox({ CCR_SERVICE_PLATFORM: 'linux' });
    Object.assign(ccr.env, { XDG_CONFIG_HOME: join(ccr.root, 'xdg') });
    const config = ccr.writeConfig('config.json', { PORT: freePort() });
    const systemctl = fakeTool(ccr, 'systemctl');
    const result = await ccr.run(['service', 'install'], { env: { ...systemctl.env, CCR_NODE: '/usr/bin/node', CCR_BIN: '/opt/ccr/bin/ccr.js' } });
    expect(result.code).toBe(0);
    const unit = join(ccr.root, 'xdg', 'systemd', 'user', 'ccr.service');
    expect(result.out).toContain(`installed ${unit}: ccr starts now and at every login`);
    const text = readFileSync(unit, 'utf8');
    expect(text).toContain(`ExecStart=/usr/bin/node /opt/ccr/bin/ccr.js start --config ${config}\n`);
    expect(text).toContain('Restart=on-failure');
    expect(text).toContain('WantedBy=default.target');
    expect(systemctl.calls()).toEqual(['--user daemon-reload', '--user enable --now ccr.service']);

    const removed = await ccr.run(['service', 'uninstall'], { env: systemctl.env });
    expect(removed.code).toBe(0);
    expect(existsSync(unit)).toBe(false);
    expect(systemctl.calls().slice(2)).toEqual(['--user disable --now ccr.service', '--user daemon-reload']);
  });

  test('start --daemon --autostart installs it; --dry-run only prints; a failing systemctl is reported in one line', async () => {
    const ccr = sandbox({ CCR_SERVICE_PLATFORM: 'linux' });
    Object.assign(ccr.env, { XDG_CONFIG_HOME: join(ccr.root, 'xdg') });
    ccr.writeConfig('config.json', { PORT: freePort() });
    const dry = await ccr.run(['service', 'install', '--dry-run']);
    expect(dry.out).toContain('[Service]');
    expect(dry.out).toContain('$ systemctl --user enable --now ccr.service');
    expect(existsSync(join(ccr.root, 'xdg', 'systemd', 'user', 'ccr.service'))).toBe(false);

    const systemctl = fakeTool(ccr, 'systemctl');
    expect((await ccr.run(['start', '--daemon', '--autostart'], { env: systemctl.env })).code).toBe(0);
    expect(systemctl.calls()).toEqual(['--user daemon-reload', '--user enable --now ccr.service']);

    const broken = fakeTool(sandbox({ CCR_SERVICE_PLATFORM: 'linux' }), 'systemctl', 1);
    const failed = await ccr.run(['service', 'install'], { env: broken.env });
    expect(failed).toMatchObject({ code: 1, err: 'ccr: `systemctl --user daemon-reload` failed (exit 1): Failed to connect to bus: No medium found\n' });
  });

  test('on macOS a launchd agent, loaded with launchctl bootstrap', async () => {
    const ccr = sandbox({ CCR_SERVICE_PLATFORM: 'darwin' });
    ccr.writeConfig('config.json', { PORT: freePort() });
    const launchctl = fakeTool(ccr, 'launchctl');
    expect((await ccr.run(['service', 'install'], { env: launchctl.env })).code).toBe(0);
    const plist = join(ccr.home, 'Library', 'LaunchAgents', 'dev.ccr.router.plist');
    expect(readFileSync(plist, 'utf8')).toContain('<string>dev.ccr.router</string>');
    expect(launchctl.calls()).toEqual([`bootstrap gui/${process.getuid!()} ${plist}`]);
    expect((await ccr.run(['service', 'uninstall'], { env: launchctl.env })).code).toBe(0);
    expect(launchctl.calls()[1]).toBe(`bootout gui/${process.getuid!()}/dev.ccr.router`);
    expect(existsSync(plist)).toBe(false);
  });
});

describe('every command', () => {
  const commands = ['start', 'stop', 'restart', 'status', 'rotation', 'logs', 'service', 'code', 'ui', 'model', 'env', 'statusline', 'test', 'setup', 'config', 'version'];

  test('--help says how to use it, and exits 0', async () => {
    const ccr = sandbox();
    const results = await Promise.all(commands.map((command) => ccr.run([command, '--help'])));
    results.forEach((result, index) => {
      expect(result.code).toBe(0);
      expect(result.out).toStartWith(`Usage: ccr ${commands[index]}`);
    });
    const main = await ccr.run(['--help']);
    for (const command of commands) expect(main.out).toContain(`\n  ${command} `);
  }, 30_000);

  test('-v prints the version; a wrong option is one line and exit 2; no colour when not on a terminal', async () => {
    const ccr = sandbox();
    expect(await ccr.run(['-v'])).toMatchObject({ code: 0, out: `${pkg.version}\n` });
    expect(JSON.parse((await ccr.run(['version', '--json'])).out)).toEqual({ version: pkg.version });
    const wrong = await ccr.run(['status', '--bogus']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toStartWith("ccr: Unknown option '--bogus'.");
    expect(wrong.err.trim().split('\n')).toHaveLength(1);
    const forced = await ccr.run(['nope'], { env: { FORCE_COLOR: '1' } });
    expect(forced.err).toBe('\x1b[31mccr:\x1b[39m unknown command "nope" (ccr --help lists them)\n');
    const plain = await ccr.run(['nope'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(plain.err).toBe('ccr: unknown command "nope" (ccr --help lists them)\n');
  });
});
