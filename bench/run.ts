/**
 * ccr against the floor of one extra hop. Starts the mock upstream, the bare proxy, the naive
 * converting proxy and ccr as separate processes, drives all four from this process in interleaved
 * rounds, prints a table with ratios to the bare proxy and PASS/FAIL against the issue's targets,
 * and writes the raw rounds and the summary to bench/results/.
 *
 *   BUN_CONFIG_MAX_HTTP_REQUESTS=4096 bun bench/run.ts [--rounds 5] [--duration-ms 1500]
 *     [--c32-repeats 4] [--c32-duration-ms 500] [--slow-streams 1000] [--slow-rounds 3] [--generations 5] [--quick] [--cpu-prof]
 *     [--http] [--size small|large] [--baseline <tree>]
 *
 * The mock serves HTTPS (a self-signed certificate made at start, trusted by every process through
 * NODE_EXTRA_CA_CERTS), as every real provider does; --http serves it on plain http.
 *
 * --size large sends the Claude Code-sized request (large-request.ts) in every scenario instead
 * of the small one.
 *
 * --baseline <tree> adds a fifth target, `base`: ccr built from another checkout (today's code),
 * in the same rounds as the others, so the before/after table compares the two in one interleaved run.
 *
 * --generations N starts the three proxies afresh N times over the rounds (each time warmed up as
 * at the start): two processes of one program differ by up to ±10 % for as long as they live, so
 * a verdict drawn from one process of each would be that pair's luck as much as the code's.
 *
 * --cpu-prof starts ccr under `bun --cpu-prof --cpu-prof-md` and leaves the profile in bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { largeRequest } from './large-request';
import { anthropicTarget, closedLoop, openAITarget, request, type Size, type Target } from './load';
import { buildCcr, hostCpuTicks, MAX_HTTP_REQUESTS, memoryOf, startBareProxy, startCcr, startMock, startNaiveProxy, stealShare, type CcrBuild, type Child } from './processes';
import { renderTable, summarize, type IdleMemory, type Rounds } from './report';
import { generationOf, latencyRound, loadRound, sanityCheck, slowRound, type Budget, type ByTarget, type LoadRound, type Servers } from './scenarios';
import { restartWithStartupEnv } from './tls';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string' },
    'duration-ms': { type: 'string' },
    'c32-repeats': { type: 'string' },
    'c32-duration-ms': { type: 'string' },
    'slow-streams': { type: 'string' },
    'slow-rounds': { type: 'string' },
    generations: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
    size: { type: 'string', default: 'small' },
    baseline: { type: 'string' },
  },
});
if (args.size !== 'small' && args.size !== 'large') {
  console.error('--size is small or large');
  process.exit(2);
}
const size: Size = args.size;
const baseline = args.baseline ? resolve(args.baseline) : undefined;

// Bun reads BUN_CONFIG_MAX_HTTP_REQUESTS (without it fetch holds at most 256 requests) and
// NODE_EXTRA_CA_CERTS once at startup: this starts the run again with both set.
const tls = await restartWithStartupEnv({ https: !args.http, maxHttpRequests: MAX_HTTP_REQUESTS });

const budget: Budget = args.quick
  ? { rounds: 2, latencyRequests: 100, largeRequests: 10, loadWarmupMs: 500, durationMs: 500, c32Repeats: 2, c32DurationMs: 300, warmupMs: 100, slowStreams: Number(args['slow-streams'] ?? 1000), slowRounds: 1, generations: 1 }
  : { rounds: 5, latencyRequests: 400, largeRequests: 40, loadWarmupMs: 3000, durationMs: 1500, c32Repeats: 4, c32DurationMs: 500, warmupMs: 200, slowStreams: 1000, slowRounds: 3, generations: 5 };
if (args.rounds) budget.rounds = Number(args.rounds);
if (args['duration-ms']) budget.durationMs = Number(args['duration-ms']);
if (args['c32-repeats']) budget.c32Repeats = Number(args['c32-repeats']);
if (args['c32-duration-ms']) budget.c32DurationMs = Number(args['c32-duration-ms']);
if (args['slow-streams']) budget.slowStreams = Number(args['slow-streams']);
if (args['slow-rounds']) budget.slowRounds = Number(args['slow-rounds']);
if (args.generations) budget.generations = Number(args.generations);
budget.generations = Math.max(1, Math.min(budget.generations, budget.rounds));

const RESULTS = join(import.meta.dir, 'results');
const HARD_LIMIT_MS = (baseline ? 12 : 8) * 60_000;
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${HARD_LIMIT_MS / 60_000} min; stopping`);
  process.exit(1);
}, HARD_LIMIT_MS);
watchdog.unref();

const log = (line: string) => console.error(`[${(performance.now() / 1000).toFixed(1)}s] ${line}`);

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const loadStart = loadavg();
  const hostStart = hostCpuTicks();
  const mock = await startMock(tls);
  const build = await buildCcr(mock.url);
  const builds = { ccr: build, base: baseline ? await buildCcr(mock.url, baseline) : undefined };
  const cpuProfDir = args['cpu-prof'] ? RESULTS : undefined;
  log(`upstream ${mock.url}; ${size === 'large' ? `every request Claude Code-sized: ${largeRequest().source}` : 'small requests'}${baseline ? `; baseline ${baseline}` : ''}`);
  let proxies = await startProxies(mock, builds, cpuProfDir);
  const names = proxies.targets.map((target) => target.name);
  const rssOf = () => Object.fromEntries(Object.entries(proxies.servers).map(([name, pid]) => [name, memoryOf(pid).rssMB])) as ByTarget<number>;

  await warmUpRequests(proxies.targets);
  await Bun.sleep(1000);
  const memory: IdleMemory = { before: rssOf(), after: rssOf() };
  log(`idle RSS after warmup (MB): ${JSON.stringify(memory.before)}`);
  await warmUpLoad(proxies.targets);
  log('load warmup done');

  const rounds: Rounds = { latency: [], latencyLarge: [], c32: [], c256: [], stream1: [], stream64: [], split64: [], slow: [], generation: [] };
  const timing = { durationMs: budget.durationMs, warmupMs: budget.warmupMs };
  for (let round = 0; round < budget.rounds; round++) {
    // Each start of the proxies serves whole rounds; the intervals resample the starts as groups.
    const generation = generationOf(round, budget.rounds, budget.generations);
    rounds.generation!.push(generation);
    if (round > 0 && generation !== generationOf(round - 1, budget.rounds, budget.generations)) {
      log(`starting the proxies afresh: generation ${generation + 1}/${budget.generations}`);
      await stopProxies(proxies);
      proxies = await startProxies(mock, builds, cpuProfDir);
      const restarted = proxies.targets.filter((target) => target.name !== 'direct');
      await warmUpRequests(restarted);
      await warmUpLoad(restarted);
    }
    const { targets, servers } = proxies;
    rounds.latency.push(await latencyRound(targets, round, size === 'large' ? budget.largeRequests : budget.latencyRequests, size));
    rounds.latencyLarge.push(await latencyRound(targets, round, budget.largeRequests, 'large'));
    const c32 = { model: 'fast', stream: false, concurrency: 32, durationMs: budget.c32DurationMs, warmupMs: budget.warmupMs, size };
    for (let repeat = 0; repeat < budget.c32Repeats; repeat++) rounds.c32.push(await loadRound(targets, round * budget.c32Repeats + repeat, c32, servers));
    rounds.c256.push(await loadRound(targets, round, { model: 'fast', stream: false, concurrency: 256, ...timing, size }, servers));
    rounds.stream1.push(await loadRound(targets, round, { model: 'stream-100', stream: true, concurrency: 1, ...timing, size }, servers));
    rounds.stream64.push(await loadRound(targets, round, { model: 'stream-100', stream: true, concurrency: 64, ...timing, size }, servers));
    rounds.split64.push(await loadRound(targets, round, { model: 'split-100', stream: true, concurrency: 64, ...timing, size }, servers));
    const each = (values: ByTarget<number>, digits: number) => names.map((t) => values[t]?.toFixed(digits)).join('/');
    const rate = (load: LoadRound) => each(Object.fromEntries(names.map((t) => [t, load[t]?.perSecond])) as ByTarget<number>, 0);
    log(
      `round ${round + 1}/${budget.rounds} (${names.join('/')}): p50 ${each(rounds.latency[round].p50, 3)} ms, ` +
        `c32 ${rounds.c32.slice(-budget.c32Repeats).map(rate).join(', ')} req/s, s64 ${rate(rounds.stream64[round])} streams/s, split64 ${rate(rounds.split64[round])} streams/s`,
    );
  }
  for (let round = 0; round < budget.slowRounds; round++) {
    rounds.slow.push(await slowRound(proxies.targets, round, budget.slowStreams, proxies.servers, size));
    const s = rounds.slow[round];
    log(
      `slow round ${round + 1}/${budget.slowRounds}: ok ${names.map((t) => s[t]?.completed).join('/')}, ` +
        `peak RSS ${names.filter((t) => t !== 'direct').map((t) => `${t} ${s[t]?.serverPeakMB.toFixed(1)}`).join(' ')} MB`,
    );
  }
  await Bun.sleep(2000);
  memory.after = rssOf();

  const result = summarize(rounds, memory, { upstream: tls ? 'https' : 'http', size, request: size === 'large' ? largeRequest().source : undefined, baseline });
  const table = renderTable(result);
  console.log(table);

  const date = new Date().toISOString();
  const commit = (await Bun.$`git -C ${join(import.meta.dir, '..')} rev-parse --short HEAD`.nothrow().quiet()).stdout.toString().trim();
  const file = join(RESULTS, `${date.replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, bun: Bun.version, commit, loadavgStart: loadStart, loadavgEnd: loadavg(), steal: stealShare(hostStart, hostCpuTicks()) };
  writeFileSync(file, JSON.stringify({ date, machine, budget, upstream: tls ? 'https' : 'http', size, baseline, ...result, rounds, table }, null, 2));
  console.log(`\nmachine: ${machine.cpus} cores, load average ${loadStart[0].toFixed(2)} → ${machine.loadavgEnd[0].toFixed(2)}, ${(machine.steal * 100).toFixed(1)} % of CPU time stolen by the host, bun ${machine.bun}, commit ${commit}`);
  console.log(`results: ${file}`);

  await Promise.all([stopProxies(proxies), mock.stop()]);
}

interface Proxies {
  children: Child[];
  targets: Target[];
  /** The process whose CPU and memory count for each target (the mock's for direct). */
  servers: Servers;
}

async function startProxies(mock: Child, builds: { ccr: CcrBuild; base?: CcrBuild }, cpuProfDir: string | undefined): Promise<Proxies> {
  const bare = await startBareProxy(mock.url);
  const naive = await startNaiveProxy(mock.url);
  const ccr = await startCcr(builds.ccr, { cpuProfDir });
  const base = builds.base ? await startCcr(builds.base) : undefined;
  const targets = [openAITarget('direct', mock.url), openAITarget('bare', bare.url), anthropicTarget('naive', naive.url), anthropicTarget('ccr', ccr.url)];
  const servers: Proxies['servers'] = { direct: mock.pid, bare: bare.pid, naive: naive.pid, ccr: ccr.pid };
  const children = [bare, naive, ccr];
  if (base) {
    targets.push(anthropicTarget('base', base.url));
    servers.base = base.pid;
    children.push(base);
  }
  const proxies = { children, targets, servers };
  log(describe(proxies));
  await sanityCheck(targets);
  return proxies;
}

// SIGTERM lets ccr stop gracefully, which is when --cpu-prof writes its profile.
const stopProxies = (proxies: Proxies) => Promise.all(proxies.children.map((child) => child.stop()));

const describe = ({ targets, servers }: Proxies) => targets.map((target) => `${target.name} ${target.url} (pid ${servers[target.name]})`).join(', ');

/** JIT, connection pools, the first routing of each kind. */
async function warmUpRequests(targets: readonly Target[]): Promise<void> {
  for (const target of targets) {
    for (let i = 0; i < 200; i++) await request(target, target.body('fast', false, size), false);
    for (let i = 0; i < 50; i++) await request(target, target.body('stream-100', true, size), true);
  }
}

/**
 * Untimed load, after the idle figure: the JIT tiers code up over the first seconds of load, and
 * ccr has far more of it than the proxies it is compared with (its JIT thread used 7% of a core in
 * the first 3 s at c=32, none after 12 s). Without this, rounds 1 and 2 measured compilation.
 */
async function warmUpLoad(targets: readonly Target[]): Promise<void> {
  for (const target of targets) {
    await closedLoop(target, { model: 'fast', stream: false, concurrency: 32, durationMs: budget.loadWarmupMs, warmupMs: 0, size });
    await closedLoop(target, { model: 'split-100', stream: true, concurrency: 64, durationMs: budget.loadWarmupMs / 2, warmupMs: 0, size });
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
