const reqBody = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64, stream: false });
function bench(name: string, fn: () => unknown) {
  for (let i = 0; i < 200000; i++) fn();
  const t = performance.now(); const n = 1_000_000; for (let i = 0; i < n; i++) fn();
  console.log(name.padEnd(34), ((performance.now() - t) * 1000 / n).toFixed(3), 'µs');
}
let sink = 0;
const A = /[\r\n\0]|[^\x00-\xff]/; const B = /[\r\n\0\u0100-\uffff]/;
const line = 'authorization: Bearer bench-key-12345';
bench('regex A', () => { sink += A.test(line + sink) ? 1 : 0; });
bench('regex B', () => { sink += B.test(line + sink) ? 1 : 0; });
bench('concat only', () => { sink += (line + sink).length; });
bench('byteLength body', () => { sink += Buffer.byteLength(reqBody); });
bench('byteLength rope', () => { sink += Buffer.byteLength('POST /v1 HTTP/1.1\r\n' + sink + reqBody); });
bench('rope flatten charCodeAt', () => { sink += ('POST /v1 HTTP/1.1\r\n' + sink + reqBody).charCodeAt(3); });
