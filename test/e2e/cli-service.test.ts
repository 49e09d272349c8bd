/**
 * The service as a user runs it: `ccr start --daemon`, `status`, a server killed and restarted by
 * the supervisor, `stop`; two configs on two ports; a port already taken; a crash loop given up
 * on; `restart` and `logs`. Every process is spawned with a HOME of its own and stopped after.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'bun';
import { createSandbox, eventually, freePort, isAlive, type CliSandbox } from '../support/ccr-cli';

const sandboxes: CliSandbox[] = [];
const occupants: Server<undefined>[] = [];
afterEach(async () => {
  for (const occupant of occupants.splice(0)) occupant.stop(true);
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.cleanup()));
});

function sandbox(env: Record<string, string> = {}): CliSandbox {
  const created = createSandbox(env);
  sandboxes.push(created);
  return created;
}

function config(port: number, extra: Record<string, unknown> = {}) {
  return {
    PORT: port,
    Providers: [{ name: 'fake', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: ['sk-test-aaaa1111', 'sk-test-bbbb2222'], models: ['m'] }],
    Router: { default: 'fake,m' },
    ...extra,
  };
}

const healthy = async (port: number) => fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);

describe('ccr start --daemon', () => {
  test('start, status, a server killed with SIGKILL and restarted by the supervisor, stop', async () => {
    const ccr = sandbox();
    const port = freePort();
    ccr.writeConfig('config.json', config(port, { APIKEY: 'router-key-0123456789' }));

    const start = await ccr.run(['start', '--daemon']);
    expect(start).toMatchObject({ code: 0 });
    expect(start.out).toContain(`main: http://127.0.0.1:${port}`);
    expect(await healthy(port)).toBe(true);

    const status = await ccr.run(['status', '--json']);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.out);
    expect(report).toMatchObject({ running: true, supervisor: { running: true, origin: 'start' } });
    const [server] = report.servers;
    expect(server).toMatchObject({ name: 'main', port, running: true, status: 'running', restarts: 0, configPath: join(ccr.dataDir, 'config.json') });
    expect(server.uptimeSeconds).toBeGreaterThanOrEqual(0);
    // GET /api/status was asked with the APIKEY: the providers and their keys, masked.
    expect(server.providers[0]).toMatchObject({ name: 'fake', state: 'active' });
    expect(server.providers[0].keys.map((key: { key: string }) => key.key)).toEqual(['sk-t…1111', 'sk-t…2222']);
    expect(status.out).not.toContain('aaaa1111');

    const follow = ccr.spawn(['logs', '-f', '--lines', '1']);
    let followed = '';
    void (async () => {
      for await (const chunk of follow.stdout) followed += new TextDecoder().decode(chunk);
    })();
    const listening = () => followed.split('"msg":"ccr listening"').length - 1;
    // Its last line first: from then on it follows.
    await eventually('logs -f to print the last line', () => listening() === 1);
    process.kill(server.pid, 'SIGKILL');
    const restarted = await eventually('the supervisor to restart the server', async () => {
      const state = ccr.serviceState();
      const current = state?.servers[0];
      return current?.status === 'running' && current.pid !== server.pid && current.restarts === 1 && (await healthy(port)) ? current : undefined;
    });
    expect(isAlive(server.pid)).toBe(false);
    // `ccr logs -f` printed the restarted server's first line as it was written.
    await eventually('logs -f to show the new server', () => listening() === 2);
    follow.kill('SIGINT');
    expect(await follow.exited).toBe(0);
    expect(readFileSync(join(ccr.dataDir, 'logs', 'supervisor.log'), 'utf8')).toMatch(/\[main\] was killed by SIGKILL after [\d.]+ s; restarting in 0\.1 s/);

    const text = await ccr.run(['status']);
    expect(text.out).toContain('is running');
    expect(text.out).toMatch(new RegExp(`main\\s+running\\s+http://127.0.0.1:${port}\\s+${restarted.pid}`));
    expect(text.out).toContain(`Dashboard: http://127.0.0.1:${port}/ui`);

    const stop = await ccr.run(['stop']);
    expect(stop).toMatchObject({ code: 0 });
    expect(stop.out).toContain('ccr stopped');
    expect(isAlive(restarted.pid)).toBe(false);
    expect(isAlive(report.supervisor.pid)).toBe(false);
    expect(ccr.serviceState()).toBeUndefined();
    const after = await ccr.run(['status']);
    expect(after.code).toBe(1);
    expect(after.out).toContain('ccr is not running');
    expect(after.out).not.toContain('Dashboard:');
  }, 30_000);

  test('config.json and config.release.json beside it: two servers on two ports, each its own log; status shows both', async () => {
    const ccr = sandbox();
    const [mainPort, releasePort] = [freePort(), freePort()];
    ccr.writeConfig('config.json', config(mainPort));
    ccr.writeConfig('config.release.json', config(releasePort));
    expect((await ccr.run(['start', '--daemon'])).code).toBe(0);
    expect(await healthy(mainPort)).toBe(true);
    expect(await healthy(releasePort)).toBe(true);

    const report = JSON.parse((await ccr.run(['status', '--json'])).out);
    expect(report.servers.map((server: { name: string; port: number; running: boolean }) => [server.name, server.port, server.running])).toEqual([
      ['main', mainPort, true],
      ['release', releasePort, true],
    ]);
    expect(report.servers[0].pid).not.toBe(report.servers[1].pid);

    const logs = await ccr.run(['logs', '--lines', '5']);
    expect(logs.code).toBe(0);
    expect(logs.out).toMatch(/^\[main\] .*"msg":"ccr listening"/m);
    expect(logs.out).toMatch(/^\[release\] .*"msg":"ccr listening"/m);
    expect((await ccr.run(['logs', '--server', 'release', '-n', '50'])).out).not.toContain('[release]');
    expect((await ccr.run(['logs', '--server', 'nope'])).err).toContain('no server named "nope" (servers: main, release)');

    // Already running: said, and left alone.
    const again = await ccr.run(['start', '--daemon']);
    expect(again).toMatchObject({ code: 0 });
    expect(again.out).toContain('already running');

    const restart = await ccr.run(['restart']);
    expect(restart.code).toBe(0);
    const restarted = JSON.parse((await ccr.run(['status', '--json'])).out);
    expect(restarted.supervisor.pid).not.toBe(report.supervisor.pid);
    expect(restarted.running).toBe(true);
  }, 30_000);

  test('--config twice in the foreground: a supervisor runs both, their lines prefixed; SIGTERM stops both', async () => {
    const ccr = sandbox();
    const [a, b] = [freePort(), freePort()];
    const first = ccr.writeConfig('dev.json', config(a));
    const second = ccr.writeConfig('prod.json', config(b));
    const child = ccr.spawn(['start', '--config', first, '--config', second]);
    await eventually('both servers', async () => (await healthy(a)) && (await healthy(b)));
    const report = JSON.parse((await ccr.run(['status', '--json'])).out);
    expect(report.servers.map((server: { name: string }) => server.name)).toEqual(['dev', 'prod']);
    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(await healthy(a)).toBe(false);
    expect(await healthy(b)).toBe(false);
    const out = await new Response(child.stdout).text();
    expect(out).toMatch(/^\[dev\] .*ccr listening/m);
    expect(out).toMatch(/^\[prod\] .*ccr listening/m);
  }, 30_000);

  test('two configs asking for the same port are refused before anything starts', async () => {
    const ccr = sandbox();
    const port = freePort();
    const first = ccr.writeConfig('a.json', config(port));
    const second = ccr.writeConfig('b.json', config(port));
    const result = await ccr.run(['start', '--daemon', '--config', first, '--config', second]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`ccr: servers "a" and "b" would both listen on port ${port}: give each config its own PORT, or pass --port once per --config\n`);
  });

  test('a port already in use: a one-line message naming the process that holds it', async () => {
    const ccr = sandbox();
    const occupant = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
    occupants.push(occupant);
    ccr.writeConfig('config.json', config(occupant.port!));
    for (const args of [['start', '--daemon'], ['start']]) {
      const result = await ccr.run(args);
      expect(result.code).toBe(1);
      expect(result.err).toStartWith(`ccr: port ${occupant.port} (127.0.0.1) is already in use by pid ${process.pid} (`);
      expect(result.err.trim().split('\n')).toHaveLength(1);
    }
    expect(ccr.serviceState()).toBeUndefined();
  });

  test('a server that keeps crashing: restarted with backoff, then given up on, the reason in status', async () => {
    const ccr = sandbox({ CCR_RESTART_BASE_MS: '50', CCR_RESTART_MAX_RESTARTS: '2' });
    const port = freePort();
    ccr.writeConfig('config.json', config(port));
    expect((await ccr.run(['start', '--daemon'])).code).toBe(0);
    const { pid, supervisor } = { pid: ccr.serviceState().servers[0].pid, supervisor: ccr.serviceState().supervisor.pid };
    process.kill(pid, 'SIGKILL');
    // Its port taken as soon as it is free: every restart now fails at once.
    const occupant = await eventually('the port to be free', () => {
      try {
        return Bun.serve({ hostname: '127.0.0.1', port, fetch: () => new Response('not ccr') });
      } catch {
        return undefined;
      }
    });
    occupants.push(occupant);
    await eventually('the supervisor to give up', () => !isAlive(supervisor), 20_000);

    const result = await ccr.run(['status', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.running).toBe(false);
    expect(report.servers[0]).toMatchObject({ status: 'failed', restarts: 2 });
    expect(report.servers[0].failure).toContain('crashed 3 times in a row, each within 60 s of starting; it last exited with code 1');
    expect(report.servers[0].failure).toContain(`port ${port} is held by pid ${process.pid}`);
    expect((await ccr.run(['status'])).out).toContain('the supervisor gave up');
    const log = readFileSync(join(ccr.dataDir, 'logs', 'supervisor.log'), 'utf8');
    expect(log).toContain('restarting in 0.1 s (restart 2 of at most 2 in a row)');
    expect(log).toContain('[main] giving up: crashed 3 times');
  }, 30_000);
});

describe('ccr stop after a supervisor was killed outright', () => {
  test("a server pid now held by another program (same number, another start) is left alone; ccr's own is stopped", async () => {
    const ccr = createSandbox();
    sandboxes.push(ccr);
    const bystander = Bun.spawn(['sleep', '30']);
    const orphan = Bun.spawn(['sleep', '30']);
    try {
      const startTime = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
      const server = (name: string, pid: number, pidStartTime: number) => ({ name, host: '127.0.0.1', port: 1, log: '', status: 'running', restarts: 0, pid, pidStartTime });
      mkdirSync(join(ccr.dataDir, 'service'), { recursive: true });
      writeFileSync(
        join(ccr.dataDir, 'service', 'service.json'),
        JSON.stringify({
          supervisor: { pid: 2 ** 22 + 1 },
          version: '0',
          origin: 'start',
          startedAt: new Date().toISOString(),
          cwd: ccr.cwd,
          servers: [server('reused', bystander.pid, startTime(bystander.pid) - 1), server('orphan', orphan.pid, startTime(orphan.pid))],
        }),
      );
      await ccr.run(['stop']);
      expect(await Promise.race([orphan.exited.then(() => 'stopped'), Bun.sleep(3_000).then(() => 'running')])).toBe('stopped');
      expect(isAlive(bystander.pid)).toBe(true);
    } finally {
      bystander.kill();
      orphan.kill();
    }
  });
});
