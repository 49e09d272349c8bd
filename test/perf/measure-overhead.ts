/**
 * What `ccr_router_overhead_seconds` says under the benchmark's loads: the bundled working tree
 * (as `npm start` runs it) against the benchmark's mock upstream, driven by its load generator
 * (bench/processes.ts, bench/load.ts, used as they are), `/metrics` scraped before and after each
 * load and the histogram's p50 and p90 read from the difference, interpolated inside the bucket as
 * PromQL's histogram_quantile does. Plain HTTP to the mock; the mock's TLS would only lengthen the
 * upstream part, which the overhead leaves out.
 *
 *   CCR_DATA_DIR=$(mktemp -d) bun test/perf/measure-overhead.ts
 */
import { buildCcr, startCcr, startMock } from '../../bench/processes';
import { anthropicTarget, closedLoop } from '../../bench/load';
import { histogramQuantile, histogramSeries } from '../support/prometheus';

const mock = await startMock();
const build = await buildCcr(mock.url);
const ccr = await startCcr(build);
const target = anthropicTarget('ccr', ccr.url);

const scrape = async () => histogramSeries(await (await fetch(`${ccr.url}/metrics`)).text(), 'ccr_router_overhead_seconds');

const loads = [
  { name: 'non-stream, c=1', model: 'fast', stream: false, concurrency: 1 },
  { name: 'non-stream, c=32', model: 'fast', stream: false, concurrency: 32 },
  { name: '100-chunk stream, c=1', model: 'stream-100', stream: true, concurrency: 1 },
  { name: '100-chunk stream, c=64', model: 'stream-100', stream: true, concurrency: 64 },
];

console.log('| load | requests counted | req/s | overhead p50 (ms) | overhead p90 (ms) | mean (ms) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const load of loads) {
  await closedLoop(target, { ...load, durationMs: 500, warmupMs: 0 });
  const before = await scrape();
  const result = await closedLoop(target, { ...load, durationMs: 3000, warmupMs: 500 });
  const after = await scrape();
  const delta = { buckets: Object.fromEntries(Object.entries(after.buckets!).map(([le, count]) => [le, String(Number(count) - Number(before.buckets![le] ?? 0))])) };
  const count = Number(after.count) - Number(before.count);
  const mean = ((Number(after.sum) - Number(before.sum)) / count) * 1000;
  const ms = (q: number) => (histogramQuantile(delta, q) * 1000).toFixed(3);
  console.log(`| ${load.name} | ${count} | ${Math.round(result.perSecond)} | ${ms(0.5)} | ${ms(0.9)} | ${mean.toFixed(3)} |`);
}
process.exit(0);
