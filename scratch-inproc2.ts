import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
const NOTIMER = process.env.NOTIMER === '1';
if (NOTIMER) { const fake = { refresh() { return fake; }, unref() { return fake; } }; (globalThis as any).setTimeout = () => fake; (globalThis as any).clearTimeout = () => {}; }
const { bootRuntime } = await import('./src/boot');
const { KeyRotation } = await import('./src/dispatch/keys');
const { SessionTokens } = await import('./src/usage/session-tokens');
const { createLogger } = await import('./src/log');
const { handleMessages } = await import('./src/http/messages');
const dir = mkdtempSync(join(tmpdir(), 'inproc-'));
const configPath = join(dir, 'config.json');
writeFileSync(configPath, JSON.stringify({ Providers: [{ name: 'mock', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'bench-key', models: ['fast'] }], Router: { default: 'mock,fast' } }));
const { runtime } = await bootRuntime({ path: configPath, env: {} as any });
const log = await createLogger({ level: process.env.LVL ?? 'info', toFile: false });
const UP = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'mock-model', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } });
const upstream = () => ({ ok: true, status: 200, statusText: 'OK', body: null, headers: { get: () => null }, text: () => Promise.resolve(UP) });
// Not an http: URL path: a fake fetch; the AbortController it brings is measured separately.
const fakeFetch = (() => Promise.resolve(upstream())) as unknown as typeof fetch;
const deps = { getRuntime: () => runtime, keys: new KeyRotation(), sessions: new SessionTokens(), roundRobin: new Map(), log, fetch: fakeFetch };
const BODY = JSON.stringify({ model: 'mock,fast', max_tokens: 64, stream: false, messages: [{ role: 'user', content: 'Say hello.' }] });
const HEADERS = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: 'Bearer bench' };
const mk = () => new Request('http://127.0.0.1:1/v1/messages', { method: 'POST', headers: HEADERS, body: BODY });
async function measure(name: string, fn: () => Promise<unknown> | unknown, n = 300_000) {
  for (let i = 0; i < 50_000; i++) await fn();
  Bun.gc(true);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const c = process.cpuUsage(c0);
  console.error(name.padEnd(28), ((c.user + c.system) / n).toFixed(2), 'µs');
}
await measure('base', async () => { const r = mk(); await r.text(); const res = new Response(UP, { headers: { 'content-type': 'application/json' } }); await res.arrayBuffer(); });
await measure(`handleMessages${NOTIMER ? ' notimer' : ''} ${process.env.LVL ?? 'info'}`, async () => { const res = await handleMessages(mk(), deps as any); await res.arrayBuffer(); });
process.exit(0);
