import { parseTarget, serializeRequest } from './src/dispatch/http1/request-head';
const reqBody = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64, stream: false });
function bench(name: string, fn: () => unknown) {
  for (let i = 0; i < 200000; i++) fn();
  const t = performance.now(); const n = 1_000_000; for (let i = 0; i < n; i++) fn();
  console.log(name.padEnd(34), ((performance.now() - t) * 1000 / n).toFixed(3), 'µs');
}
const target = parseTarget('http://127.0.0.1:8080/v1/chat/completions');
const mkHeaders = () => ({ 'content-type': 'application/json', authorization: 'Bearer bench-key' });
let sink = 0;
bench('serialize', () => serializeRequest(target, { method: 'POST', headers: mkHeaders(), body: reqBody }));
bench('serialize + flatten', () => { const s = serializeRequest(target, { method: 'POST', headers: mkHeaders(), body: JSON.stringify({a: reqBody}) }); sink += s.text.charCodeAt(5); });
bench('stringify only', () => { sink += JSON.stringify({a: reqBody}).length; });
bench('serialize+Buffer.from', () => { const s = serializeRequest(target, { method: 'POST', headers: mkHeaders(), body: reqBody }); sink += Buffer.from(s.text).length; });
const F = /[\r\n\0]|[^\x00-\xff]/;
bench('regex test x1', () => F.test('authorization') ? 1 : 0);
bench('toLowerCase', () => 'authorization'.toLowerCase());
bench('byteLength body', () => Buffer.byteLength(reqBody));
const USER_AGENT = 'ccr/0.1.0';
function ser2(target: any, init: { method: string; headers: Record<string, string>; body: string }) {
  let head = `${init.method} ${target.path} HTTP/1.1\r\nhost: ${target.hostHeader}\r\n`;
  let hasUserAgent = false;
  let hasAcceptEncoding = false;
  const headers = init.headers;
  const names = Object.keys(headers);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const value = headers[name];
    const line = name + ': ' + value;
    if (F.test(line)) throw new TypeError('bad');
    const n = name.length;
    if (n === 4 || n === 10 || n === 14 || n === 15 || n === 17) {
      const lower = name.toLowerCase();
      if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'host' || lower === 'connection') continue;
      if (lower === 'user-agent') hasUserAgent = true;
      else if (lower === 'accept-encoding') hasAcceptEncoding = true;
    }
    head += line + '\r\n';
  }
  if (!hasUserAgent) head += 'user-agent: ' + USER_AGENT + '\r\n';
  if (!hasAcceptEncoding) head += 'accept-encoding: identity\r\n';
  const bodyLength = Buffer.byteLength(init.body);
  const text = head + 'content-length: ' + bodyLength + '\r\n\r\n' + init.body;
  return { text, bytes: Buffer.byteLength(text) };
}
bench('ser2', () => ser2(target, { method: 'POST', headers: mkHeaders(), body: reqBody }));
bench('ser2 + flatten', () => { const s = ser2(target, { method: 'POST', headers: mkHeaders(), body: JSON.stringify({a: reqBody}) }); sink += s.text.charCodeAt(5); });
function ser3(target: any, init: { method: string; headers: Record<string, string>; body: string }) {
  let head = '';
  for (const name in init.headers) head += name + ': ' + init.headers[name] + '\r\n';
  const text = init.method + ' ' + target.path + ' HTTP/1.1\r\nhost: ' + target.hostHeader + '\r\n' + head + 'content-length: ' + init.body.length + '\r\n\r\n' + init.body;
  return { text, bytes: text.length };
}
bench('ser3 (floor: no checks)', () => ser3(target, { method: 'POST', headers: mkHeaders(), body: reqBody }));
bench('ser3 + flatten', () => { const s = ser3(target, { method: 'POST', headers: mkHeaders(), body: reqBody }); sink += s.text.charCodeAt(5); });
bench('ser3 + byteLength', () => { const s = ser3(target, { method: 'POST', headers: mkHeaders(), body: reqBody }); sink += Buffer.byteLength(s.text); });
bench('ser3 + regex each', () => { const h = mkHeaders(); for (const k in h) if (F.test(k) || F.test((h as any)[k])) throw 1; const s = ser3(target, { method: 'POST', headers: h, body: reqBody }); sink += s.text.charCodeAt(5); });
bench('ser3 + Buffer.from', () => { const s = ser3(target, { method: 'POST', headers: mkHeaders(), body: reqBody }); sink += Buffer.from(s.text, 'latin1').length; });
