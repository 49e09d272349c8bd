/**
 * `ccr code` with a fake `claude` (a script that records its arguments, stdin and environment,
 * and waits to be released): arguments, stdin and exit code passed through; the service it
 * starts reference counted over two runs, robust to a killed client; one started by `ccr start`
 * left running; a missing Claude Code explained.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, eventually, freePort, isAlive, type CliSandbox } from '../support/ccr-cli';

const sandboxes: CliSandbox[] = [];
const strays: number[] = [];
afterEach(async () => {
  for (const pid of strays.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.cleanup()));
});

const FAKE_CLAUDE = `#!${process.execPath}
import { existsSync, writeFileSync } from 'node:fs';
const dir = process.env.FAKE_CLAUDE_DIR;
const id = process.env.FAKE_CLAUDE_ID;
const stdin = await new Response(Bun.stdin.stream()).text();
const health = await fetch(process.env.ANTHROPIC_BASE_URL + '/health').then((response) => response.ok, () => false);
const names = ['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'API_TIMEOUT_MS', 'DISABLE_TELEMETRY', 'ANTHROPIC_API_KEY'];
const env = Object.fromEntries(names.map((name) => [name, process.env[name] ?? null]));
writeFileSync(dir + '/' + id + '.json', JSON.stringify({ args: process.argv.slice(2), stdin, health, env, pid: process.pid }));
if (process.env.FAKE_CLAUDE_WAIT) while (!existsSync(dir + '/' + id + '.release')) await Bun.sleep(20);
process.exit(Number(process.env.FAKE_CLAUDE_EXIT ?? 0));
`;

interface Setup {
  ccr: CliSandbox;
  port: number;
  runs: string;
  record(id: string): { args: string[]; stdin: string; health: boolean; env: Record<string, string | null>; pid: number } | undefined;
  release(id: string): void;
}

function setup(options: { claudeInConfig?: boolean } = {}): Setup {
  const port = freePort();
  const probe = createSandbox();
  const runs = join(probe.root, 'runs');
  const claude = join(probe.root, 'fake-claude');
  writeFileSync(claude, FAKE_CLAUDE);
  chmodSync(claude, 0o755);
  mkdirSync(runs);
  Object.assign(probe.env, { FAKE_CLAUDE_DIR: runs, ...(options.claudeInConfig ? {} : { CLAUDE_PATH: claude }), ANTHROPIC_API_KEY: 'sk-ant-should-not-reach-claude' });
  probe.writeConfig('config.json', {
    PORT: port,
    APIKEY: 'router-key-for-code',
    API_TIMEOUT_MS: 123456,
    ...(options.claudeInConfig && { CLAUDE_PATH: claude }),
    Providers: [{ name: 'fake', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'sk-x', models: ['m'] }],
    Router: { default: 'fake,m' },
  });
  sandboxes.push(probe);
  return {
    ccr: probe,
    port,
    runs,
    record(id) {
      const path = join(runs, `${id}.json`);
      return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
    },
    release(id) {
      writeFileSync(join(runs, `${id}.release`), '');
    },
  };
}

const healthy = async (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
const clientFiles = (ccr: CliSandbox) => (existsSync(join(ccr.dataDir, 'service', 'clients')) ? readdirSync(join(ccr.dataDir, 'service', 'clients')) : []);

describe('ccr code', () => {
  test("passes every argument and stdin to claude, returns its exit code, and points it at the router it started", async () => {
    const { ccr, port, record } = setup();
    const result = await ccr.run(['code', '-p', 'two words', '--model', 'fake,m', '--', '-x'], { stdin: 'piped input\nline 2\n', env: { FAKE_CLAUDE_ID: 'a', FAKE_CLAUDE_EXIT: '7' } });
    expect(result.code).toBe(7);
    const run = record('a')!;
    expect(run.args).toEqual(['-p', 'two words', '--model', 'fake,m', '--', '-x']);
    expect(run.stdin).toBe('piped input\nline 2\n');
    expect(run.health).toBe(true);
    expect(run.env).toEqual({
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
      ANTHROPIC_AUTH_TOKEN: 'router-key-for-code',
      API_TIMEOUT_MS: '123456',
      DISABLE_TELEMETRY: '1',
      ANTHROPIC_API_KEY: null,
    });
    // Started for this run alone: stopped when it ended.
    expect(ccr.serviceState()).toBeUndefined();
    expect(await healthy(port)).toBe(false);
  }, 20_000);

  test('two runs share one service, which stops when the last one exits', async () => {
    const { ccr, port, record, release } = setup({ claudeInConfig: true });
    const first = ccr.spawn(['code', 'first'], { env: { FAKE_CLAUDE_ID: 'first', FAKE_CLAUDE_WAIT: '1' } });
    await eventually('the first claude', () => record('first'), 15_000);
    const second = ccr.spawn(['code', 'second'], { env: { FAKE_CLAUDE_ID: 'second', FAKE_CLAUDE_WAIT: '1' } });
    await eventually('the second claude', () => record('second'), 15_000);
    const state = ccr.serviceState();
    expect(state).toMatchObject({ origin: 'code' });
    expect(clientFiles(ccr).sort()).toEqual([String(first.pid), String(second.pid)].sort());

    release('first');
    expect(await first.exited).toBe(0);
    expect(await healthy(port)).toBe(true);
    expect(ccr.serviceState().supervisor.pid).toBe(state.supervisor.pid);
    expect(clientFiles(ccr)).toEqual([String(second.pid)]);

    release('second');
    expect(await second.exited).toBe(0);
    expect(await healthy(port)).toBe(false);
    expect(isAlive(state.supervisor.pid)).toBe(false);
    expect(clientFiles(ccr)).toEqual([]);
  }, 30_000);

  test('a killed ccr code: its stale client file is pruned and the supervisor stops the service itself', async () => {
    const { ccr, port, record } = setup();
    const client = ccr.spawn(['code'], { env: { FAKE_CLAUDE_ID: 'killed', FAKE_CLAUDE_WAIT: '1' } });
    const run = await eventually('claude', () => record('killed'), 15_000);
    strays.push(run.pid);
    const { supervisor } = ccr.serviceState();
    client.kill('SIGKILL');
    await client.exited;
    await eventually('the service to stop', async () => !isAlive(supervisor.pid) && !(await healthy(port)), 10_000);
    expect(clientFiles(ccr)).toEqual([]);
    expect(readFileSync(join(ccr.dataDir, 'logs', 'supervisor.log'), 'utf8')).toContain('the last `ccr code` client has gone');
  }, 30_000);

  test('a service started by ccr start stays; ccr start --daemon keeps one ccr code started', async () => {
    const { ccr, port, record, release } = setup();
    expect((await ccr.run(['start', '--daemon'])).code).toBe(0);
    expect((await ccr.run(['code'], { env: { FAKE_CLAUDE_ID: 'one' } })).code).toBe(0);
    expect(record('one')!.health).toBe(true);
    expect(await healthy(port)).toBe(true);
    expect((await ccr.run(['stop'])).code).toBe(0);

    const client = ccr.spawn(['code'], { env: { FAKE_CLAUDE_ID: 'two', FAKE_CLAUDE_WAIT: '1' } });
    await eventually('claude', () => record('two'), 15_000);
    const pinned = await ccr.run(['start', '--daemon']);
    expect(pinned.out).toContain('it now stays until `ccr stop`');
    release('two');
    expect(await client.exited).toBe(0);
    // A negative: the supervisor counts clients every 200 ms; two rounds later it still runs.
    await Bun.sleep(500);
    expect(await healthy(port)).toBe(true);
  }, 30_000);

  test('its port held by another program: one line naming it, no client left counted', async () => {
    const { ccr, port } = setup();
    const occupant = Bun.listen({ hostname: '127.0.0.1', port, socket: { data() {} } });
    try {
      const result = await ccr.run(['code'], { env: { FAKE_CLAUDE_ID: 'never' } });
      expect(result.code).toBe(1);
      expect(result.err).toStartWith(`ccr: port ${port} (127.0.0.1) is already in use by pid ${process.pid} (`);
      expect(clientFiles(ccr)).toEqual([]);
    } finally {
      occupant.stop(true);
    }
  }, 20_000);

  test('no claude: how to install it, exit 127, nothing started; --help is ccr\'s, -- --help is claude\'s', async () => {
    const { ccr, port, record } = setup();
    const missing = await ccr.run(['code'], { env: { CLAUDE_PATH: undefined, PATH: '/nonexistent' } });
    expect(missing.code).toBe(127);
    expect(missing.err).toBe('ccr: Claude Code is not installed (no `claude` on PATH); install it with `npm install -g @anthropic-ai/claude-code` (see https://docs.anthropic.com/en/docs/claude-code/setup), or point CLAUDE_PATH at it\n');
    const wrong = await ccr.run(['code'], { env: { CLAUDE_PATH: '/nowhere/claude' } });
    expect(wrong.err).toContain('Claude Code was not found at CLAUDE_PATH "/nowhere/claude"');
    expect(await healthy(port)).toBe(false);

    const help = await ccr.run(['code', '--help']);
    expect(help.out).toStartWith('Usage: ccr code [claude arguments…]');
    expect((await ccr.run(['code', '--', '--help'], { env: { FAKE_CLAUDE_ID: 'help' } })).code).toBe(0);
    expect(record('help')!.args).toEqual(['--help']);
  }, 20_000);
});
