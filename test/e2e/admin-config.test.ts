/**
 * The configuration API end to end through the app: a JSONC file in a temporary folder, a fake
 * OpenAI-compatible provider on 127.0.0.1, an injected clock for backup names.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, post, type TestAppOptions } from '../support/ccr-app';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';

let upstream: FakeUpstream;
beforeAll(() => {
  upstream = startFakeUpstream((request) => ({
    json: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: request.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: `answered by ${request.body.model}` }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  }));
});
afterAll(() => upstream.stop());

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccr-admin-config-'));
  path = join(dir, 'config.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fileText = () => `{
  // Clients send this key
  "APIKEY": "router-secret-1234",
  "Providers": [
    {
      "name": "fake",
      "api_base_url": "${upstream.url}/v1/chat/completions",
      "api_key": "sk-upstream-aaaa9f3k", // the real key
      "models": ["model-a", "model-b"],
    },
    {
      "name": "other",
      "api_base_url": "${upstream.url}/v1/chat/completions",
      "api_key": "$OTHER_API_KEY",
    },
  ],
  /* where requests go */
  "Router": { "default": "fake,model-a" },
  "CLAUDE_PATH": "/usr/local/bin/claude",
}
`;

const AUTH = { 'x-api-key': 'router-secret-1234' };

/** A clock that moves one second per backup name asked for. */
function steppingClock(start = '2026-05-01T12:00:00.000Z') {
  let time = Date.parse(start);
  return () => new Date((time += 1000) - 1000);
}

async function startApp(text = fileText(), options: TestAppOptions = {}) {
  writeFileSync(path, text);
  return buildTestApp(Bun.JSONC.parse(text) as Record<string, unknown>, {
    configPath: path,
    env: { OTHER_API_KEY: 'sk-other-resolved-value' },
    ...options,
    configAdmin: { now: steppingClock(), ...options.configAdmin },
  });
}

type Ccr = Awaited<ReturnType<typeof startApp>>;

const get = (ccr: Ccr, route: string, headers: Record<string, string> = AUTH) => ccr.app.handle(new Request(`http://ccr.test${route}`, { headers }));
const send = (ccr: Ccr, route: string, body?: unknown, headers: Record<string, string> = AUTH) =>
  ccr.app.handle(body === undefined ? new Request(`http://ccr.test${route}`, { method: 'POST', headers }) : post(route, body, headers));

async function getConfig(ccr: Ccr): Promise<Record<string, any>> {
  const response = await get(ccr, '/api/config');
  expect(response.status).toBe(200);
  return ((await response.json()) as { config: Record<string, any> }).config;
}

async function ask(ccr: Ccr): Promise<string> {
  const response = await send(ccr, '/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  expect(response.status).toBe(200);
  return ((await response.json()) as { content: Array<{ text: string }> }).content[0].text;
}

const backupsOnDisk = () => (existsSync(join(dir, '.backups')) ? readdirSync(join(dir, '.backups')).sort() : []);

describe('GET /api/config', () => {
  test('the file as written: $VAR references kept, secrets masked, unknown keys there', async () => {
    const ccr = await startApp();
    const response = await get(ccr, '/api/config');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(Object.keys(body).sort()).toEqual(['config', 'exists', 'masked', 'path']);
    expect(body.path).toBe(path);
    expect(body.exists).toBe(true);
    expect(body.config.APIKEY).toBe('rout…1234');
    expect(body.config.Providers[0].api_key).toBe('sk-u…9f3k');
    expect(body.config.Providers[1].api_key).toBe('$OTHER_API_KEY');
    expect(body.config.CLAUDE_PATH).toBe('/usr/local/bin/claude');
    expect(body.masked).toEqual(['APIKEY', 'Providers[0].api_key']);
    expect(JSON.stringify(body)).not.toContain('sk-upstream-aaaa9f3k');
    expect(JSON.stringify(body)).not.toContain('sk-other-resolved-value');
  });

  test('a file that is not JSON any more: 409 saying so', async () => {
    const ccr = await startApp();
    writeFileSync(path, '{ "Providers": [');
    const response = await get(ccr, '/api/config');
    expect(response.status).toBe(409);
    expect(((await response.json()) as any).error.message).toContain('not valid JSON');
  });
});

describe('POST /api/config', () => {
  test('GET → POST unchanged keeps the real keys, the comments and the $VAR references on disk', async () => {
    const ccr = await startApp();
    const before = fileText();
    const response = await send(ccr, '/api/config', await getConfig(ccr));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(Object.keys(body).sort()).toEqual(['backup', 'formattingKept', 'path', 'pruned', 'restartRequired', 'warnings']);
    expect(body).toMatchObject({ path, formattingKept: true, restartRequired: [], pruned: [] });
    expect(body.backup).toEqual({ name: 'config.20260501T120000.000Z.json', time: '2026-05-01T12:00:00.000Z', size: Buffer.byteLength(before) });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readFileSync(join(dir, '.backups', body.backup.name), 'utf8')).toBe(before);
  });

  test('an edit is written into the text (comments kept) and applied at once: the next request takes the new route', async () => {
    const ccr = await startApp();
    expect(await ask(ccr)).toBe('answered by model-a');
    const config = await getConfig(ccr);
    config.Router.default = 'fake,model-b';
    config.Providers[0].models.push('model-c');
    const response = await send(ccr, '/api/config', config);
    expect(response.status).toBe(200);
    expect(await ask(ccr)).toBe('answered by model-b');

    const written = readFileSync(path, 'utf8');
    for (const kept of ['// Clients send this key', '// the real key', '/* where requests go */', '"sk-upstream-aaaa9f3k"', '"$OTHER_API_KEY"', '"CLAUDE_PATH"']) {
      expect(written).toContain(kept);
    }
    expect(Bun.JSONC.parse(written)).toMatchObject({ Router: { default: 'fake,model-b' } });
    expect(upstream.requests.at(-1)!.headers.authorization).toBe('Bearer sk-upstream-aaaa9f3k');
  });

  test('a request in flight finishes on the config it started with', async () => {
    const slow = startFakeUpstream(async () => {
      await Bun.sleep(150);
      return { json: { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'slow old route' }, finish_reason: 'stop' }] } };
    });
    try {
      const ccr = await startApp(fileText().replace(`"Router": { "default": "fake,model-a" }`, `"Router": { "default": "other,m" }`).replace(/"api_base_url": "[^"]+",\n      "api_key": "\$OTHER_API_KEY"/, `"api_base_url": "${slow.url}/v1/chat/completions",\n      "api_key": "$OTHER_API_KEY"`));
      const inFlight = ask(ccr);
      while (slow.requests.length === 0) await Bun.sleep(5);
      const config = await getConfig(ccr);
      config.Router.default = 'fake,model-b';
      expect((await send(ccr, '/api/config', config)).status).toBe(200);
      expect(await ask(ccr)).toBe('answered by model-b');
      expect(await inFlight).toBe('slow old route');
    } finally {
      slow.stop();
    }
  });

  test('HOST, PORT and logging changes are named as needing a restart', async () => {
    const ccr = await startApp();
    const config = await getConfig(ccr);
    Object.assign(config, { PORT: 4567, LOG: true, LOG_LEVEL: 'debug', API_TIMEOUT_MS: 1000 });
    const body = (await (await send(ccr, '/api/config', config)).json()) as { restartRequired: string[] };
    expect(body.restartRequired).toEqual(['PORT', 'LOG', 'LOG_LEVEL']);
    expect(ccr.getRuntime().settings.timeoutMs).toBe(1000);
  });

  test('a new key replaces the stored one; a key moved to another provider keeps its secret', async () => {
    const ccr = await startApp();
    const config = await getConfig(ccr);
    config.APIKEY = 'a-new-router-key';
    config.Providers[1].api_key = config.Providers[0].api_key;
    expect((await send(ccr, '/api/config', config)).status).toBe(200);
    const written = Bun.JSONC.parse(readFileSync(path, 'utf8')) as Record<string, any>;
    expect(written.APIKEY).toBe('a-new-router-key');
    expect(written.Providers[1].api_key).toBe('sk-upstream-aaaa9f3k');
    // The new key is in force at once.
    expect((await get(ccr, '/api/config')).status).toBe(401);
    expect((await get(ccr, '/api/config', { 'x-api-key': 'a-new-router-key' })).status).toBe(200);
  });

  test('a file without comments and with unknown keys keeps them', async () => {
    const ccr = await startApp(JSON.stringify({ ...(Bun.JSONC.parse(fileText()) as object), statusline: { enabled: true } }, null, 4));
    const config = await getConfig(ccr);
    config.Router.background = 'fake,model-b';
    expect((await send(ccr, '/api/config', config)).status).toBe(200);
    const written = readFileSync(path, 'utf8');
    expect(JSON.parse(written)).toMatchObject({ statusline: { enabled: true }, CLAUDE_PATH: '/usr/local/bin/claude', Router: { background: 'fake,model-b' } });
    expect(written).toContain('\n    "Router"');
  });

  test('two changes at once run one after the other, each backed up', async () => {
    const ccr = await startApp();
    const config = await getConfig(ccr);
    const [first, second] = await Promise.all([
      send(ccr, '/api/config', { ...config, Router: { default: 'fake,model-a' } }),
      send(ccr, '/api/config', { ...config, Router: { default: 'fake,model-b' } }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(backupsOnDisk()).toHaveLength(2);
    expect(await ask(ccr)).toBe('answered by model-b');
  });
});

describe('POST /api/config: refused, nothing written', () => {
  const invalid: Array<[string, (config: Record<string, any>) => unknown, string[]]> = [
    [
      'schema types, every problem with its path',
      (config) => ({ ...config, PORT: 99999, LOG: 'yes', Providers: [{ ...config.Providers[0], api_base_url: 42 }, config.Providers[1]] }),
      ['Providers[0].api_base_url', 'PORT', 'LOG'],
    ],
    ['a missing required field', (config) => ({ ...config, Providers: [{ name: 'fake', api_key: 'x' }, config.Providers[1]] }), ['Providers[0].api_base_url: is required']],
    ['a route naming no provider', (config) => ({ ...config, Router: { default: 'nobody,model' } }), ['Router.default: "nobody,model" names provider "nobody"']],
    ['a route that is not provider,model', (config) => ({ ...config, Router: { default: 'just-a-model' } }), ['Router.default: "just-a-model" is not of the form']],
    [
      'an unknown transformer, with a bad URL and a duplicate name',
      (config) => ({
        ...config,
        Providers: [{ ...config.Providers[0], transformer: { use: ['no-such-transformer'] } }, { ...config.Providers[1], name: 'FAKE', api_base_url: 'ftp://x' }],
      }),
      ['Providers[0].transformer.use[0]: unknown transformer "no-such-transformer"', 'Providers[1].name: "FAKE" duplicates Providers[0].name', 'Providers[1].api_base_url'],
    ],
    ['a rule regex that does not compile', (config) => ({ ...config, Router: { ...config.Router, rules: [{ when: { modelRegex: '(' }, route: 'fake,model-a' }] } }), ['Router.rules[0].when.modelRegex']],
    ['CONFIG_BACKUPS below 1', (config) => ({ ...config, CONFIG_BACKUPS: 0 }), ['CONFIG_BACKUPS']],
    ['a masked value that stands for no stored key', (config) => ({ ...config, APIKEY: 'abcd…wxyz' }), ['APIKEY: "abcd…wxyz" is a masked value that matches no stored secret']],
  ];

  for (const [name, edit, expected] of invalid) {
    test(`400: ${name}`, async () => {
      const ccr = await startApp();
      const response = await send(ccr, '/api/config', edit(await getConfig(ccr)));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { type: string; error: { type: string; message: string; problems: string[] } };
      expect(body.type).toBe('error');
      expect(body.error.type).toBe('invalid_request_error');
      for (const problem of expected) {
        expect(body.error.problems.some((line) => line.startsWith(problem))).toBe(true);
        expect(body.error.message).toContain(problem);
      }
      expect(readFileSync(path, 'utf8')).toBe(fileText());
      expect(backupsOnDisk()).toEqual([]);
      expect(await ask(ccr)).toBe('answered by model-a');
    });
  }

  for (const [name, body] of [
    ['not JSON', '{ "Providers": ['],
    ['an array', '[]'],
    ['empty', ''],
  ] as const) {
    test(`400: a body that is ${name}`, async () => {
      const ccr = await startApp();
      const response = await ccr.app.handle(new Request('http://ccr.test/api/config', { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body }));
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).error.type).toBe('invalid_request_error');
      expect(readFileSync(path, 'utf8')).toBe(fileText());
    });
  }

  test('403: a transformer module the file on disk does not name', async () => {
    const ccr = await startApp();
    writeFileSync(join(dir, 'evil.mjs'), 'globalThis.__ccrEvilLoaded = true; export default { name: "evil" };');
    const config = await getConfig(ccr);
    const response = await send(ccr, '/api/config', { ...config, transformers: [{ path: './evil.mjs' }] });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { type: string; problems: string[] } };
    expect(body.error.type).toBe('permission_error');
    expect(body.error.problems).toEqual([`transformers[0].path: transformer module ${join(dir, 'evil.mjs')} is not named in the config file on disk; only an edit of the file can add code to load`]);
    expect((globalThis as Record<string, unknown>).__ccrEvilLoaded).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe(fileText());
    expect(backupsOnDisk()).toEqual([]);
  });

  test('403: a CUSTOM_ROUTER_PATH the file on disk does not name', async () => {
    const ccr = await startApp();
    const response = await send(ccr, '/api/config', { ...(await getConfig(ccr)), CUSTOM_ROUTER_PATH: '/tmp/router.js' });
    expect(response.status).toBe(403);
    expect(readFileSync(path, 'utf8')).toBe(fileText());
  });

  test('a module the file already names may stay, with new options', async () => {
    copyFileSync(join(import.meta.dir, '..', '..', 'examples', 'transformers', 'add-header.mjs'), join(dir, 'add-header.mjs'));
    const text = fileText().replace('"CLAUDE_PATH"', '"transformers": [{ "path": "./add-header.mjs", "options": { "header": "x-team", "value": "a" } }],\n  "CLAUDE_PATH"');
    const ccr = await startApp(text);
    const config = await getConfig(ccr);
    config.transformers[0].options.value = 'b';
    config.Providers[0].transformer = { use: ['add-header'] };
    expect((await send(ccr, '/api/config', config)).status).toBe(200);
    await ask(ccr);
    expect(upstream.requests.at(-1)!.headers['x-team']).toBe('b');
  });

  test('500: a crash between writing and renaming leaves the old file whole and the running config unchanged', async () => {
    const ccr = await startApp(undefined, {
      configAdmin: {
        fileOps: {
          rename: async () => {
            throw new Error('simulated crash');
          },
        },
      },
    });
    const config = await getConfig(ccr);
    config.Router.default = 'fake,model-b';
    const response = await send(ccr, '/api/config', config);
    expect(response.status).toBe(500);
    expect(((await response.json()) as any).error.message).toContain('the file and the running config are unchanged');
    expect(readFileSync(path, 'utf8')).toBe(fileText());
    expect(readdirSync(dir).sort()).toEqual(['.backups', 'config.json']);
    expect(await ask(ccr)).toBe('answered by model-a');
  });

  test('400: removing APIKEY while ccr listens beyond this machine', async () => {
    const ccr = await startApp(fileText().replace('"CLAUDE_PATH"', '"HOST": "0.0.0.0",\n  "CLAUDE_PATH"'));
    const { APIKEY: _removed, ...config } = await getConfig(ccr);
    const response = await send(ccr, '/api/config', config);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.problems[0]).toStartWith('APIKEY: cannot be removed while ccr listens on 0.0.0.0');
  });
});

describe('backups', () => {
  test('POST /api/config/backup names the backup by the clock; GET /api/config/backups lists newest first', async () => {
    const ccr = await startApp();
    const first = await send(ccr, '/api/config/backup');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ backup: { name: 'config.20260501T120000.000Z.json', time: '2026-05-01T12:00:00.000Z', size: Buffer.byteLength(fileText()) }, pruned: [] });
    await send(ccr, '/api/config/backup');
    const list = (await (await get(ccr, '/api/config/backups')).json()) as Record<string, any>;
    expect(Object.keys(list).sort()).toEqual(['backups', 'dir', 'keep']);
    expect(list.dir).toBe(join(dir, '.backups'));
    expect(list.keep).toBe(20);
    expect(list.backups.map((backup: { name: string }) => backup.name)).toEqual(['config.20260501T120001.000Z.json', 'config.20260501T120000.000Z.json']);
  });

  test('past CONFIG_BACKUPS the oldest are pruned', async () => {
    const ccr = await startApp(fileText().replace('"CLAUDE_PATH"', '"CONFIG_BACKUPS": 2,\n  "CLAUDE_PATH"'));
    for (let i = 0; i < 3; i++) await send(ccr, '/api/config/backup');
    const config = await getConfig(ccr);
    const body = (await (await send(ccr, '/api/config', config)).json()) as { backup: { name: string }; pruned: string[] };
    expect(body.backup.name).toBe('config.20260501T120003.000Z.json');
    expect(body.pruned).toEqual(['config.20260501T120001.000Z.json']);
    expect(backupsOnDisk()).toEqual(['config.20260501T120002.000Z.json', 'config.20260501T120003.000Z.json']);
  });

  test('restore: checked like a POST, the current file backed up first, the backup written back byte for byte and applied', async () => {
    const ccr = await startApp();
    const original = fileText();
    const config = await getConfig(ccr);
    config.Router.default = 'fake,model-b';
    const { backup } = (await (await send(ccr, '/api/config', config)).json()) as { backup: { name: string } };
    expect(await ask(ccr)).toBe('answered by model-b');
    const edited = readFileSync(path, 'utf8');

    const response = await send(ccr, `/api/config/restore/${backup.name}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body.restored).toBe(backup.name);
    expect(body.backup.name).toBe('config.20260501T120001.000Z.json');
    expect(readFileSync(join(dir, '.backups', body.backup.name), 'utf8')).toBe(edited);
    expect(readFileSync(path, 'utf8')).toBe(original);
    expect(await ask(ccr)).toBe('answered by model-a');
  });

  test('restore of a backup that names code the file on disk does not: 403, nothing written', async () => {
    const ccr = await startApp();
    const name = 'config.20250101T000000.000Z.json';
    mkdirSync(join(dir, '.backups'));
    writeFileSync(join(dir, '.backups', name), fileText().replace('"CLAUDE_PATH"', '"CUSTOM_ROUTER_PATH": "./router.js",\n  "CLAUDE_PATH"'));
    const response = await send(ccr, `/api/config/restore/${name}`);
    expect(response.status).toBe(403);
    expect(readFileSync(path, 'utf8')).toBe(fileText());
    expect(backupsOnDisk()).toEqual([name]);
  });

  test('restore of an invalid backup: 400 with its problems, nothing written', async () => {
    const ccr = await startApp();
    mkdirSync(join(dir, '.backups'));
    const name = 'config.20250101T000000.000Z.json';
    writeFileSync(join(dir, '.backups', name), '{ "Router": { "default": "nobody,x" } }');
    const response = await send(ccr, `/api/config/restore/${name}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.problems[0]).toStartWith('Router.default');
    expect(readFileSync(path, 'utf8')).toBe(fileText());
  });

  test('names that could leave the backup folder are refused (400 or 404), nothing read or written', async () => {
    const ccr = await startApp();
    writeFileSync(join(dir, 'secret.json'), fileText());
    await send(ccr, '/api/config/backup');
    for (const name of [
      '..',
      '%2e%2e',
      '..%2Fconfig.json',
      '..%2F..%2Fetc%2Fpasswd',
      '%2E%2E%2Fsecret.json',
      'config.json',
      '..%5Cconfig.json',
      'config.20260501T120000.000Z.json%00',
      encodeURIComponent('../.backups/config.20260501T120000.000Z.json'),
      '../config.json',
      '../../etc/passwd',
    ]) {
      const response = await send(ccr, `/api/config/restore/${name}`);
      expect([400, 404]).toContain(response.status);
      expect(((await response.json()) as any).type).toBe('error');
    }
    expect(await send(ccr, '/api/config/restore/config.20990101T000000.000Z.json').then((response) => response.status)).toBe(404);
    expect(readFileSync(path, 'utf8')).toBe(fileText());
    expect(backupsOnDisk()).toEqual(['config.20260501T120000.000Z.json']);
  });
});

describe('authentication', () => {
  test('with APIKEY set every route of the API needs it', async () => {
    const ccr = await startApp();
    const routes: Array<[string, string]> = [
      ['GET', '/api/config'],
      ['POST', '/api/config'],
      ['POST', '/api/config/backup'],
      ['GET', '/api/config/backups'],
      ['POST', '/api/config/restore/config.20260501T120000.000Z.json'],
    ];
    for (const [method, route] of routes) {
      const response = await ccr.app.handle(new Request(`http://ccr.test${route}`, { method, headers: { 'x-api-key': 'wrong' }, body: method === 'POST' ? '{}' : undefined }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as any).error.type).toBe('authentication_error');
    }
    expect(readFileSync(path, 'utf8')).toBe(fileText());
    expect(backupsOnDisk()).toEqual([]);
    expect((await get(ccr, '/api/config', { authorization: 'Bearer router-secret-1234' })).status).toBe(200);
  });
});

describe('no config file (the embedded default)', () => {
  test('GET shows the default and where POST writes; POST creates the file there, no backup; then it is the config', async () => {
    const suggestedPath = join(dir, 'home', '.claude-code-router', 'config.json');
    const ccr = await buildTestApp({ Providers: [], Router: {} }, { suggestedPath, configAdmin: { now: steppingClock() } });
    expect(await (await get(ccr, '/api/config', {})).json()).toEqual({ path: suggestedPath, exists: false, config: { Providers: [], Router: {} }, masked: [] });
    expect((await send(ccr, '/api/config/backup', undefined, {})).status).toBe(404);

    const config = { Providers: [{ name: 'fake', api_base_url: `${upstream.url}/v1/chat/completions`, api_key: 'sk-first-key-0000', models: ['model-a'] }], Router: { default: 'fake,model-a' } };
    const response = await send(ccr, '/api/config', config, {});
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: suggestedPath, backup: null, restartRequired: [], warnings: [], pruned: [], formattingKept: false });
    expect(JSON.parse(readFileSync(suggestedPath, 'utf8'))).toEqual(config);
    expect(ccr.getRuntime().configPath).toBe(suggestedPath);
    expect(await ask(ccr)).toBe('answered by model-a');
    expect(((await (await get(ccr, '/api/config', {})).json()) as any).exists).toBe(true);
  });

  test('no code can be named: there is no file to name it', async () => {
    const ccr = await buildTestApp({ Providers: [], Router: {} }, { suggestedPath: join(dir, 'config.json') });
    const response = await send(ccr, '/api/config', { Providers: [], Router: {}, transformers: [{ path: './t.mjs' }] }, {});
    expect(response.status).toBe(403);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
  });
});

describe('OpenAPI', () => {
  test('/swagger/json documents every route with its request and response schemas', async () => {
    const ccr = await startApp();
    const spec = (await (await get(ccr, '/swagger/json')).json()) as { paths: Record<string, Record<string, any>> };
    const operations = [
      spec.paths['/api/config'].get,
      spec.paths['/api/config'].post,
      spec.paths['/api/config/backup'].post,
      spec.paths['/api/config/backups'].get,
      spec.paths['/api/config/restore/{name}'].post,
    ];
    for (const operation of operations) {
      expect(operation.tags).toEqual(['Admin']);
      expect(operation.summary).toBeString();
      expect(operation.responses['200'].content['application/json'].schema).toBeDefined();
      expect(operation.responses['401']).toBeDefined();
    }
    const requestSchema = spec.paths['/api/config'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(requestSchema.properties)).toContain('Providers');
    expect(Object.keys(requestSchema.properties)).toContain('CONFIG_BACKUPS');
    expect(spec.paths['/api/config'].post.responses['403']).toBeDefined();
  });
});

describe('API.md', () => {
  /** The JSON examples of API.md's Configuration API section, in order. */
  function documentedExamples(): Array<Record<string, any>> {
    const doc = readFileSync(join(import.meta.dir, '..', '..', 'API.md'), 'utf8');
    const start = doc.indexOf('## Configuration API');
    const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
    return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1].replace(/^ {3}/gm, '')));
  }

  /** Keys, and the keys of nested objects, down to two levels; the config itself is free-form. */
  const shape = (value: unknown, depth = 0): unknown => {
    if (Array.isArray(value)) return value.length > 0 ? [shape(value[0], depth)] : [];
    if (value === null || typeof value !== 'object' || depth === 2) return typeof value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, child]) => [key, key === 'config' ? 'object' : shape(child, depth + 1)]));
  };

  test('the documented answers have the shapes the API gives', async () => {
    const [getExample, errorExample, postExample, backupExample, listExample] = documentedExamples();
    const ccr = await startApp();
    expect(shape(await (await get(ccr, '/api/config')).json())).toEqual(shape(getExample));
    expect(shape(await (await send(ccr, '/api/config', { ...(await getConfig(ccr)), Router: { default: 'nobody,m' } })).json())).toEqual(shape(errorExample));
    const config = await getConfig(ccr);
    expect(shape(await (await send(ccr, '/api/config', { ...config, PORT: 4000 })).json())).toEqual(shape(postExample));
    expect(shape(await (await send(ccr, '/api/config/backup')).json())).toEqual(shape(backupExample));
    expect(shape(await (await get(ccr, '/api/config/backups')).json())).toEqual(shape(listExample));
  });
});
