import { parseTarget, serializeRequest } from './src/dispatch/http1/request-head';
import { ResponseParser } from './src/dispatch/http1/response-parser';
import { responseOf } from './src/dispatch/http1/http1-response';
const body = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'mock-model', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } });
const raw = new TextEncoder().encode(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nDate: Sun, 22 Nov 2026 06:00:00 GMT\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
const reqBody = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64, stream: false });
const headers = { 'content-type': 'application/json', authorization: 'Bearer bench-key' };
function bench(name: string, fn: () => unknown) {
  for (let i = 0; i < 200000; i++) fn();
  const t = performance.now(); const n = 1_000_000; for (let i = 0; i < n; i++) fn();
  console.log(name.padEnd(34), ((performance.now() - t) * 1000 / n).toFixed(3), 'µs');
}
const target = parseTarget('http://127.0.0.1:8080/v1/chat/completions');
bench('copy bytes (baseline)', () => new Uint8Array(raw));
bench('serializeRequest', () => serializeRequest(target, { method: 'POST', headers, body: reqBody }));
bench('parser.push', () => new ResponseParser().push(new Uint8Array(raw)));
bench('parser.push + responseOf', () => { const ev = new ResponseParser().push(new Uint8Array(raw)); return responseOf((ev[0] as any).head, (ev[1] as any).bytes); });
let sink: any;
bench('… + text()', () => { const ev = new ResponseParser().push(new Uint8Array(raw)); sink = responseOf((ev[0] as any).head, (ev[1] as any).bytes).text(); });
bench('promise new+resolve', () => { let r: any; const p = new Promise((res) => (r = res)); r(1); return p; });
