/**
 * `ccr ui`: the dashboard's address, the router started for it when nothing answers (and left
 * running), `/dual-stats` for a service of two servers; the opener each platform has.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import { openerCommand } from '../../src/cli/commands/ui';
import { createSandbox, freePort, type CliSandbox } from '../support/ccr-cli';

const sandboxes: CliSandbox[] = [];
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) {
    await sandbox.run(['stop']);
    await sandbox.cleanup();
  }
});

function sandboxWith(configs: Record<string, number>): CliSandbox {
  const sandbox = createSandbox();
  sandboxes.push(sandbox);
  for (const [name, port] of Object.entries(configs)) {
    sandbox.writeConfig(name, { PORT: port, Providers: [{ name: 'p', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'sk-x', models: ['m'] }], Router: { default: 'p,m' } });
  }
  return sandbox;
}

describe('ccr ui', () => {
  test('starts the router when nothing answers, prints the dashboard address, and leaves the router running', async () => {
    const port = freePort();
    const ccr = sandboxWith({ 'config.json': port });
    const { code, out: stdout } = await ccr.run(['ui', '--json']);
    expect(code).toBe(0);
    const { url } = JSON.parse(stdout);
    expect(url).toBe(`http://127.0.0.1:${port}/ui`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    // Not a `ccr code` service: it stays.
    expect(ccr.serviceState()?.origin).toBe('start');
    // A second call finds it running and says the same.
    const again = await ccr.run(['ui', '--no-open']);
    expect(again.code).toBe(0);
    expect(again.out.trim()).toBe(`The dashboard: http://127.0.0.1:${port}/ui`);
  }, 30_000);

  test('a service of two servers opens /dual-stats on the first', async () => {
    const ports = [freePort(), freePort()];
    const ccr = sandboxWith({ 'config.json': ports[0], 'config.release.json': ports[1] });
    const { code, out: stdout } = await ccr.run(['ui', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).url).toBe(`http://127.0.0.1:${ports[0]}/dual-stats`);
    expect((await fetch(`http://127.0.0.1:${ports[1]}/health`)).status).toBe(200);
  }, 30_000);

  test("each platform's opener", () => {
    expect(openerCommand('http://x/ui', 'linux')).toEqual(['xdg-open', 'http://x/ui']);
    expect(openerCommand('http://x/ui', 'darwin')).toEqual(['open', 'http://x/ui']);
    expect(openerCommand('http://x/ui', 'win32')).toEqual(['cmd', '/c', 'start', '""', 'http://x/ui']);
  });
});
