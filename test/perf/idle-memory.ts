/**
 * ccr's resident memory idle, then after a load, for one or more source trees side by side: each
 * bundled as `npm start` runs it and started against the benchmark's mock (bench/processes.ts,
 * bench/load.ts, used as they are); 3 s of non-streamed requests at c=32 and 2 s of 100-chunk
 * streams at c=16, then 3 s idle (the idle collector runs), twice over.
 *
 *   CCR_DATA_DIR=$(mktemp -d) bun test/perf/idle-memory.ts /path/to/before/checkout .
 */
import { resolve } from 'node:path';
import { anthropicTarget, closedLoop } from '../../bench/load';
import { buildCcr, memoryOf, startCcr, startMock } from '../../bench/processes';

const trees = process.argv.slice(2).map((tree) => resolve(tree));
if (trees.length === 0) throw new Error('usage: bun test/perf/idle-memory.ts <tree> [<tree>…]');
const mock = await startMock();
console.log('| tree | idle RSS at start (MB) | idle RSS after the load (MB) |');
console.log('| --- | ---: | ---: |');
for (let round = 0; round < 2; round++) {
  for (const tree of trees) {
    const ccr = await startCcr(await buildCcr(mock.url, tree));
    await Bun.sleep(1000);
    const start = memoryOf(ccr.pid).rssMB;
    await closedLoop(anthropicTarget('ccr', ccr.url), { model: 'fast', stream: false, concurrency: 32, durationMs: 3000, warmupMs: 0 });
    await closedLoop(anthropicTarget('ccr', ccr.url), { model: 'stream-100', stream: true, concurrency: 16, durationMs: 2000, warmupMs: 0 });
    await Bun.sleep(3000);
    console.log(`| ${tree} | ${start.toFixed(1)} | ${memoryOf(ccr.pid).rssMB.toFixed(1)} |`);
    await ccr.stop();
  }
}
process.exit(0);
