/**
 * The dashboard as a person uses it, in headless Chromium (test/support/browser.ts): sign in,
 * watch the figures move as requests go through, turn a provider off and see the next request go
 * elsewhere, put a resting key back, use it on a phone, offline, and see every server of a
 * service side by side. One browser for the whole file. `UPDATE_SCREENSHOT=1` writes the
 * screenshot README shows (docs/dashboard.png).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import type { Server } from 'bun';
import { startServer } from '../../src/server';
import { launchBrowser, type Browser } from '../support/browser';
import { buildTestApp } from '../support/ccr-app';
import { createSandbox, eventually, freePort, type CliSandbox } from '../support/ccr-cli';
import { chatCompletion, startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream';

const KEY = 'dashboard-key-1234';
let primaryReply: () => FakeReply = () => ({ json: chatCompletion('from primary', { prompt: 12, completion: 4 }) });
let primary: FakeUpstream;
let backup: FakeUpstream;
let server: Server<undefined>;
let base: string;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  primary = startFakeUpstream(() => primaryReply());
  backup = startFakeUpstream(() => ({ json: chatCompletion('from backup', { prompt: 12, completion: 6 }) }));
  const ccr = await buildTestApp({
    APIKEY: KEY,
    Providers: [
      { name: 'primary', api_base_url: `${primary.url}/v1/chat/completions`, api_keys: ['sk-primary-aaaa1111', 'sk-primary-bbbb2222'], models: ['m1'] },
      { name: 'backup', api_base_url: `${backup.url}/v1/chat/completions`, api_key: 'sk-backup-cccc3333', models: ['m2'] },
    ],
    Router: { default: 'primary,m1' },
    fallback: { default: ['backup,m2'] },
    pricing: { m1: { input: 1, output: 2 }, m2: { input: 0.5, output: 1 } },
  });
  server = startServer(ccr.app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024 });
  base = `http://127.0.0.1:${server.port}`;
  browser = await launchBrowser();
  ({ page, errors } = await browser.page());
}, 30_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
  primary?.stop();
  backup?.stop();
});

async function send(count = 1): Promise<Response[]> {
  const responses: Response[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'x-session-id': 'browser-session' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }),
    });
    await response.text();
    responses.push(response);
  }
  return responses;
}

const figure = (name: string) => page.locator(`[data-figure="${name}"] .value`).textContent();
/** Waits until the page shows `text` in `selector`; returns how long it took. */
async function shows(selector: string, text: string | RegExp, timeout = 3000): Promise<number> {
  const started = performance.now();
  await page.locator(selector, { hasText: text }).first().waitFor({ timeout });
  return performance.now() - started;
}

describe('the dashboard', () => {
  test('the sign-in form refuses a wrong key, opens on the right one, and keeps it for this tab only', async () => {
    await page.goto(`${base}/ui`);
    await page.locator('#login-form').waitFor();
    await page.fill('#login-key', 'not-the-key');
    await page.click('#login-form button[type=submit]');
    await shows('#login-error', 'Wrong key');
    expect(await page.locator('[data-provider]').count()).toBe(0);

    await page.fill('#login-key', KEY);
    await page.click('#login-form button[type=submit]');
    await shows('#feed-state', 'live');
    expect(page.url()).toBe(`${base}/ui`);
    expect(await page.evaluate(() => [sessionStorage.getItem('ccr.apiKey'), localStorage.length])).toEqual([KEY, 0]);
    // The one error is the browser's note of the refused key (401); nothing else went wrong.
    expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
    errors.length = 0;
  });

  test('shows each configured provider, its models and keys (masked), with no console error', async () => {
    for (const name of ['primary', 'backup']) await shows(`tbody[data-provider="${name}"] .provider-row`, name);
    await shows('tbody[data-provider="primary"] [data-model="m1"]', 'm1');
    await shows('tbody[data-provider="backup"] [data-model="m2"]', 'm2');
    const keys = await page.locator('tbody[data-provider="primary"] .key-row code').allTextContents();
    expect(keys).toEqual(['sk-p…1111', 'sk-p…2222']);
    expect(await page.content()).not.toContain('aaaa1111');
    expect(await page.locator('.uplot canvas').count()).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });

  test('numbers change as requests go through, pushed without reloading', async () => {
    expect(await figure('requests')).toBe('0');
    await send(3);
    await shows('[data-figure="requests"] .value', /^3$/);
    await shows('[data-figure="success"] .value', '100 %');
    await shows('[data-figure="tokens"] .value', '36 / 12');
    await shows('tbody[data-provider="primary"] .provider-row', /3\s*100 %/);
    await shows('#recent tbody tr', 'primary,m1');
    await shows('#sessions', 'browser-session');
    await shows('#routes [data-route="default"]', '3');
    expect(errors).toEqual([]);
  });

  test('turning a provider off shows within a second, and the next request fails over', async () => {
    await page.click('button[data-action="disable-provider"][data-provider="primary"]');
    const took = await shows('tbody[data-provider="primary"] .provider-row [data-state="disabled"]', 'disabled', 1000);
    expect(took).toBeLessThan(1000);
    const before = { primary: primary.requests.length, backup: backup.requests.length };
    const [response] = await send();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ccr-route')).toBe('default; backup,m2');
    expect(primary.requests.length).toBe(before.primary);
    expect(backup.requests.length).toBe(before.backup + 1);
    await shows('#recent tbody tr', 'backup,m2');
    await shows('tbody[data-provider="backup"] .provider-row', /backup.*1\s*100 %/s);

    await page.click('button[data-action="enable-provider"][data-provider="primary"]');
    await shows('tbody[data-provider="primary"] .provider-row [data-state="active"]', 'active', 1000);
    expect((await send())[0].headers.get('x-ccr-route')).toBe('default; primary,m1');
    expect(errors).toEqual([]);
  });

  test('a model switched off and on', async () => {
    await page.click('button[data-action="disable-model"][data-provider="primary"][data-model="m1"]');
    await shows('tbody[data-provider="primary"] [data-model="m1"] [data-state="disabled"]', 'disabled', 1000);
    expect((await send())[0].headers.get('x-ccr-route')).toBe('default; backup,m2');
    await page.click('button[data-action="enable-model"][data-provider="primary"][data-model="m1"]');
    await page.locator('tbody[data-provider="primary"] [data-model="m1"] [data-state="disabled"]').waitFor({ state: 'detached', timeout: 1000 });
  });

  test('a key resting after a 429 shows its time left, its error, and Reset puts it back', async () => {
    let limited = true;
    primaryReply = () =>
      limited
        ? ((limited = false), { status: 429, headers: { 'retry-after': '120' }, json: { error: { message: 'Rate limit reached for requests' } } })
        : { json: chatCompletion('from primary', { prompt: 12, completion: 4 }) };
    expect((await send())[0].status).toBe(200);
    await shows('tbody[data-provider="primary"] .key-row [data-state="cooling"]', /cooling down · [12] min/);
    await shows('tbody[data-provider="primary"] .key-row .error-cell', 'Rate limit reached');
    const screenshot = process.env.UPDATE_SCREENSHOT ? join(import.meta.dir, '../../docs/dashboard.png') : join(tmpdir(), `ccr-dashboard-${process.pid}.png`);
    await page.screenshot({ path: screenshot });
    if (!process.env.UPDATE_SCREENSHOT) rmSync(screenshot, { force: true });

    await page.click('tbody[data-provider="primary"] button[data-action="reset-key"]');
    await page.locator('tbody[data-provider="primary"] .key-row [data-state="cooling"]').waitFor({ state: 'detached', timeout: 1000 });
    expect(await page.locator('tbody[data-provider="primary"] .key-row [data-state="active"]').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  test('on a phone: nothing is wider than the screen, the figures and providers are there', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(390);
    expect(await page.locator('[data-figure="requests"]').isVisible()).toBe(true);
    expect(await page.locator('tbody[data-provider="backup"]').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('offline: the page loads whole from ccr, and a request anywhere else goes nowhere', async () => {
    const { page: fresh, errors: freshErrors } = await browser.page();
    await fresh.goto(`${base}/stats`);
    await fresh.locator('#login-form').waitFor();
    await fresh.fill('#login-key', KEY);
    await fresh.click('#login-form button[type=submit]');
    await fresh.locator('tbody[data-provider="primary"]').waitFor();
    expect(await fresh.locator('.uplot canvas').count()).toBeGreaterThanOrEqual(3);
    expect(freshErrors).toEqual([]);
    expect(browser.blocked).toEqual([]);
    // The blocking is real: a CDN is out of reach from this browser.
    const reached = await fresh.goto('https://cdn.jsdelivr.net/npm/uplot/dist/uPlot.min.css').then(() => true, () => false);
    expect(reached).toBe(false);
    expect(browser.blocked).toEqual(['https://cdn.jsdelivr.net/npm/uplot/dist/uPlot.min.css']);
    browser.blocked.length = 0;
    await fresh.close();
  });
});

describe('/dual-stats', () => {
  let sandbox: CliSandbox;
  afterAll(async () => sandbox?.cleanup());

  test('every server of a service side by side, each read through its own API with the same key', async () => {
    sandbox = createSandbox();
    const ports = [freePort(), freePort()];
    const fake = startFakeUpstream(() => ({ json: chatCompletion('ok', { prompt: 3, completion: 2 }) }));
    try {
      const config = (port: number, provider: string) => ({ APIKEY: KEY, PORT: port, Providers: [{ name: provider, api_base_url: `${fake.url}/v1/chat/completions`, api_key: 'sk-x', models: ['m'] }], Router: { default: `${provider},m` } });
      const development = sandbox.writeConfig('development.json', config(ports[0], 'dev-provider'));
      const release = sandbox.writeConfig('release.json', config(ports[1], 'release-provider'));
      sandbox.spawn(['start', '--config', development, '--config', release]);
      await eventually('both servers running', () => sandbox.serviceState()?.servers?.every((server: { status: string }) => server.status === 'running'), 20_000);

      const { page: dual, errors: dualErrors } = await browser.page();
      await dual.goto(`http://127.0.0.1:${ports[0]}/dual-stats`);
      await dual.locator('#login-form').waitFor();
      await dual.fill('#login-key', KEY);
      await dual.click('#login-form button[type=submit]');
      for (const name of ['development', 'release']) await dual.locator(`section[data-server="${name}"] .feed[data-state="live"]`).waitFor({ timeout: 5000 });
      await dual.locator('section[data-server="development"] [data-provider="dev-provider"]').waitFor();
      await dual.locator('section[data-server="release"] [data-provider="release-provider"]').waitFor();

      // A request to the release server shows in its column only.
      await fetch(`http://127.0.0.1:${ports[1]}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({ model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
      }).then((response) => response.text());
      await dual.locator('section[data-server="release"] [data-figure="requests"] .value', { hasText: /^1$/ }).waitFor({ timeout: 3000 });
      expect(await dual.locator('section[data-server="development"] [data-figure="requests"] .value').textContent()).toBe('0');
      expect(dualErrors).toEqual([]);
      await dual.close();
    } finally {
      fake.stop();
    }
  }, 40_000);
});
