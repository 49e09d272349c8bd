/**
 * Benchmark children end themselves when the runner is gone, even if it was killed with SIGKILL
 * and could not clean up. Used as a module by the mock and the bare proxy, and as `--preload` for
 * ccr (whose source the benchmark does not touch): one unref'd 1 s timer, nothing on the hot path.
 */
export function exitWithParent(stop: () => void = () => {}): void {
  const parent = Number(process.env.BENCH_PARENT_PID);
  if (!parent) return;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      stop();
      process.exit(0);
    }
  }, 1000);
  timer.unref();
}

// As a preload (`bun --preload bench/exit-with-parent.ts src/index.ts`) it arms itself.
if (process.env.BENCH_PRELOAD_EXIT_WITH_PARENT === '1') exitWithParent();
