/**
 * A/B of two ccr source trees on one load, for changes too small for `npm run bench` to see
 * through a shared machine's drift: both run at once against one mock, and closed-loop rounds
 * alternate between them (A B, B A, …), so drift falls on both alike.
 *
 *   bun bench/ab.ts <treeA> <treeB> [--model fast] [--concurrency 32] [--rounds 10] [--sessions 3]
 *                   [--log-a info] [--log-b info] [--size large] [--env-a NAME=value] [--env-b NAME=value] [--http]
 *
 * The mock serves HTTPS, as run.ts's does (--http: plain http). `--size large` sends the Claude
 * Code-sized request (large-request.ts) instead of the small one. After each session's rounds both
 * servers idle for a second and a half, and their resident memory is read.
 *
 * Two processes of one tree differ by about 5 % in CPU per request for as long as they live (an A/A
 * run shows it: what the JIT compiled, and where): each session starts both trees afresh, and the
 * figures are medians over every session's rounds, with each session's B÷A shown for the spread.
 *
 * A tree is a checkout of ccr (`git worktree add /tmp/a HEAD~1`, or `git archive` into a folder
 * with node_modules linked); each runs from its `src/index.ts`, at the given LOG_LEVEL (silent by
 * default), its log lines written to a file. Prints each tree's median req/s and server CPU per
 * request (and the main thread's share of it), and the median of the per-round B÷A ratios.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Subprocess } from 'bun';
import { anthropicTarget, closedLoop, median, type Target } from './load';
import { childEnv, cpuMsOf, freePort, mainThreadCpuMsOf, MAX_HTTP_REQUESTS, memoryOf, startMock, waitForHealth } from './processes';
import { restartWithStartupEnv } from './tls';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    model: { type: 'string', default: 'fast' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '10' },
    sessions: { type: 'string', default: '3' },
    'log-a': { type: 'string', default: 'silent' },
    'log-b': { type: 'string', default: 'silent' },
    size: { type: 'string', default: 'small' },
    'env-a': { type: 'string', multiple: true, default: [] },
    'env-b': { type: 'string', multiple: true, default: [] },
    http: { type: 'boolean', default: false },
  },
});
if (positionals.length !== 2) {
  console.error('usage: bun bench/ab.ts <treeA> <treeB> [--model fast] [--concurrency 32] [--rounds 10] [--sessions 3] [--log-a info] [--log-b info] [--size large] [--env-a NAME=value] [--env-b NAME=value] [--http]');
  process.exit(2);
}
const trees = positionals.map((tree) => resolve(tree));
const levels = [args['log-a']!, args['log-b']!];
/** `--env-a NAME=value` (repeatable): extra environment for one tree, to A/B a switch within one tree. */
const extraEnv = [args['env-a']!, args['env-b']!].map((pairs) => {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      console.error(`--env-a/--env-b take NAME=value, not ${pair}`);
      process.exit(2);
    }
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
});
if (args.size !== 'small' && args.size !== 'large') {
  console.error('--size is small or large');
  process.exit(2);
}
const size: 'small' | 'large' = args.size === 'large' ? 'large' : 'small';
const load = { model: args.model!, stream: args.model !== 'fast', concurrency: Number(args.concurrency), size };

const tls = await restartWithStartupEnv({ https: !args.http, maxHttpRequests: MAX_HTTP_REQUESTS });
const dir = mkdtempSync(join(tmpdir(), 'ccr-ab-'));
const mock = await startMock(tls);
const configPath = join(dir, 'config.json');
writeFileSync(
  configPath,
  JSON.stringify({ Providers: [{ name: 'mock', api_base_url: `${mock.url}/v1/chat/completions`, api_key: 'bench-key', models: ['fast'] }], Router: { default: 'mock,fast' } }),
);

interface Server {
  proc: Subprocess;
  target: Target;
}

function startServers(session: number): Server[] {
  return trees.map((tree, i) => {
    const port = freePort();
    const proc = Bun.spawn([process.execPath, '--preload', join(import.meta.dir, 'exit-with-parent.ts'), join(tree, 'src', 'index.ts')], {
      env: childEnv({ BENCH_PRELOAD_EXIT_WITH_PARENT: '1', CONFIG_PATH: configPath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: levels[i], ...extraEnv[i] }),
      stdout: Bun.file(join(dir, `ccr-${session}-${i}.log`)),
      stderr: 'inherit',
      cwd: dir,
    });
    return { proc, target: anthropicTarget('ccr', `http://127.0.0.1:${port}`) };
  });
}

let servers: Server[] = [];
const stopAll = () => {
  for (const { proc } of servers) proc.kill();
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stopAll);

const results = trees.map(() => [] as { perSecond: number; cpuUs: number; mainCpuUs: number }[]);
const sessionRatios: number[] = [];
const idleRss = trees.map(() => [] as number[]);
for (let session = 0; session < Number(args.sessions); session++) {
  servers = startServers(session);
  for (const { proc, target } of servers) {
    await waitForHealth(target.url.replace('/v1/messages', ''), proc);
    await closedLoop(target, { ...load, durationMs: 1000, warmupMs: 300 });
  }
  const first = results[0].length;
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const { proc, target } = servers[i];
      let cpuBefore = 0;
      let mainBefore = 0;
      const onMeasureStart = () => {
        cpuBefore = cpuMsOf(proc.pid);
        mainBefore = mainThreadCpuMsOf(proc.pid);
      };
      const result = await closedLoop(target, { ...load, durationMs: 1000, warmupMs: 100, onMeasureStart });
      if (result.failures > 0) throw new Error(`${trees[i]}: ${result.failures} failed requests (${result.firstError})`);
      const perRequest = (ms: number) => (ms * 1000) / result.completed;
      results[i].push({ perSecond: result.perSecond, cpuUs: perRequest(cpuMsOf(proc.pid) - cpuBefore), mainCpuUs: perRequest(mainThreadCpuMsOf(proc.pid) - mainBefore) });
    }
  }
  const cpu = (i: number) => median(results[i].slice(first).map((r) => r.cpuUs));
  sessionRatios.push(cpu(1) / cpu(0));
  await Bun.sleep(1500);
  servers.forEach(({ proc }, i) => idleRss[i].push(memoryOf(proc.pid).rssMB));
  for (const { proc } of servers) {
    proc.kill();
    await proc.exited;
  }
}

for (const [i, tree] of trees.entries()) {
  const rounds = results[i];
  console.log(
    `${i === 0 ? 'A' : 'B'} ${tree} (${levels[i]}): ${median(rounds.map((r) => r.perSecond)).toFixed(0)} req/s, ` +
      `${median(rounds.map((r) => r.cpuUs)).toFixed(1)} µs CPU per request, ${median(rounds.map((r) => r.mainCpuUs)).toFixed(1)} of them on the main thread, ` +
      `idle RSS after each session ${idleRss[i].map((mb) => mb.toFixed(1)).join(' ')} MB`,
  );
}
console.log(`B ÷ A req/s, median of rounds: ${median(results[1].map((r, round) => r.perSecond / results[0][round].perSecond)).toFixed(3)}`);
console.log(`B ÷ A CPU per request, each session: ${sessionRatios.map((ratio) => ratio.toFixed(3)).join(' ')}`);
await mock.stop();
process.exit(0);
