import { ResponseParser } from './src/dispatch/http1/response-parser';
import { latin1, rejectBareCr, parseStatusLine, parseHeaderLine, frameOf } from './src/dispatch/http1/response-head';
const body = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model: 'mock-model', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } });
const headText = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nDate: Sun, 22 Nov 2026 06:00:00 GMT\r\nContent-Length: ${body.length}\r\n\r\n`;
const raw = new TextEncoder().encode(headText + body);
function bench(name: string, fn: () => unknown) {
  for (let i = 0; i < 200000; i++) fn();
  const t = performance.now(); const n = 1_000_000; for (let i = 0; i < n; i++) fn();
  console.log(name.padEnd(34), ((performance.now() - t) * 1000 / n).toFixed(3), 'µs');
}
let sink: any;
bench('copy', () => (sink = new Uint8Array(raw)));
bench('push', () => (sink = new ResponseParser().push(new Uint8Array(raw))));
bench('new parser', () => (sink = new ResponseParser()));
bench('findHeadEnd', () => { const p: any = new ResponseParser(); sink = p.findHeadEnd(new Uint8Array(raw), 0, raw.length); });
const he = headText.length - 4 + 1;
bench('latin1 head', () => (sink = latin1(new Uint8Array(raw), 0, he)));
const t = latin1(raw, 0, he);
bench('rejectBareCr', () => rejectBareCr(t));
bench('statusLine', () => (sink = parseStatusLine(t.slice(0, 15))));
bench('header line x1', () => (sink = parseHeaderLine(raw, t, 0, 17, 47)));
bench('frameOf', () => (sink = frameOf(1, 200, [['content-type', 'application/json'], ['date', 'x'], ['content-length', '250']])));
bench('subarray', () => (sink = new Uint8Array(raw).subarray(he + 2)));
bench('buf indexOf LF x6', () => { const b = new Uint8Array(raw); let i = 0; for (let k = 0; k < 6; k++) i = b.indexOf(10, i + 1); sink = i; });
