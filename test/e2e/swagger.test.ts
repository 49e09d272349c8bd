/**
 * `/swagger` in a real browser (headless Chromium, test/support/browser.ts), with every host but
 * this machine out of reach: the page, its script and its style come from ccr, and it lists ccr's
 * endpoints from `/swagger/json`.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { startServer } from '../../src/server';
import { launchBrowser, type Browser } from '../support/browser';
import { buildTestApp } from '../support/ccr-app';

/** Swagger UI renders a 1.8 MB bundle: on a busy machine that alone takes seconds. */
const BROWSER_TIMEOUT_MS = 30_000;

let server: Server<undefined>;
let base: string;
let browser: Browser;

beforeAll(async () => {
  const ccr = await buildTestApp({
    APIKEY: 'swagger-key-1234',
    Providers: [{ name: 'p', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'sk-x', models: ['m'] }],
    Router: { default: 'p,m' },
  });
  server = startServer(ccr.app, { hostname: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024 });
  base = `http://127.0.0.1:${server.port}`;
  browser = await launchBrowser();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

test('offline, /swagger shows the API from assets ccr serves itself, with no console error', async () => {
  const { page, errors } = await browser.page();
  await page.goto(`${base}/swagger`);
  await page.locator('.opblock-summary-path', { hasText: '/v1/messages/count_tokens' }).first().waitFor({ timeout: 10_000 });
  const paths = await page.locator('.opblock-summary-path').allTextContents();
  expect(paths.map((path) => path.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/v1/messages', '/api/config', '/api/usage', '/api/status']));
  // Rendered by the bundle: the operation's description is there to read.
  await page.locator('.opblock-summary-path', { hasText: /^\/v1\/messages$/ }).first().click();
  await page.locator('.opblock-body').first().waitFor();
  expect(errors).toEqual([]);
  expect(browser.blocked).toEqual([]);
  await page.close();
}, BROWSER_TIMEOUT_MS);

test('with APIKEY set, the key entered under Authorize is sent by "Try it out"', async () => {
  const { page, errors } = await browser.page();
  await page.goto(`${base}/swagger`);
  await page.locator('button.authorize').first().click();
  const dialog = page.locator('.dialog-ux');
  await dialog.locator('input').first().fill('swagger-key-1234');
  await dialog.locator('button.authorize').first().click();
  await dialog.locator('button.btn-done').first().click();
  const operation = page.locator('.opblock', { has: page.locator('.opblock-summary-path', { hasText: /^\/api\/status$/ }) }).first();
  await operation.locator('.opblock-summary').click();
  await operation.locator('button.try-out__btn').click();
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor({ timeout: 10_000 });
  expect((await status.textContent())?.trim()).toBe('200');
  expect(errors).toEqual([]);
  await page.close();
}, BROWSER_TIMEOUT_MS);

test('an asset the page does not use is a 404 in Anthropic shape', async () => {
  const response = await fetch(`${base}/swagger/assets/..%2Fpackage.json`);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
});
