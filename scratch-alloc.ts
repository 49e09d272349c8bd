// scratch: allocation per handleMessages call (fake upstream), from JSC's GC log deltas
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { heapStats } from 'bun:jsc';
import { bootRuntime } from './src/boot';
import { KeyRotation } from './src/dispatch/keys';
import { SessionTokens } from './src/usage/session-tokens';
import { createLogger } from './src/log';
import { handleMessages } from './src/http/messages';
const dir = mkdtempSync(join(tmpdir(), 'inproc-'));
const configPath = join(dir, 'config.json');
writeFileSync(configPath, JSON.stringify({ Providers: [{ name: 'mock', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'bench-key', models: ['fast'] }], Router: { default: 'mock,fast' } }));
const { runtime } = await bootRuntime({ path: configPath, env: {} as any });
const log = await createLogger({ level: process.env.LVL ?? 'info', toFile: false });
const UP = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'mock-model', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } });
const upstream = () => ({ ok: true, status: 200, statusText: 'OK', body: null, headers: { get: () => null }, text: () => Promise.resolve(UP) });
const fakeFetch = (() => Promise.resolve(upstream())) as unknown as typeof fetch;
const deps = { getRuntime: () => runtime, keys: new KeyRotation(), sessions: new SessionTokens(), roundRobin: new Map(), log, fetch: fakeFetch };
const BODY = JSON.stringify({ model: 'mock,fast', max_tokens: 64, stream: false, messages: [{ role: 'user', content: 'Say hello.' }] });
const HEADERS = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: 'Bearer bench' };
const reqs = Array.from({ length: 1000 }, () => new Request('http://127.0.0.1:1/v1/messages', { method: 'POST', headers: HEADERS, body: BODY }));
for (let i = 0; i < 30000; i++) { const r = await handleMessages(new Request('http://127.0.0.1:1/v1/messages', { method: 'POST', headers: HEADERS, body: BODY }), deps as any); await r.arrayBuffer(); }
console.error('MARK START');
for (let i = 0; i < 20000; i++) { const r = await handleMessages(new Request('http://127.0.0.1:1/v1/messages', { method: 'POST', headers: HEADERS, body: BODY }), deps as any); await r.arrayBuffer(); }
console.error('MARK END');
process.exit(0);
