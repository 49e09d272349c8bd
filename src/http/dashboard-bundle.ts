/**
 * Run at build time, as Bun macros (dashboard-assets.ts): the page's script bundled with uPlot for
 * the browser, and its style sheet with uPlot's. `bin/build.js` inlines the results into the
 * bundle ccr runs; from src/ they are made when the dashboard is first asked for. Either way the
 * page needs nothing from the network. Bun.build cannot be called from a macro (the bundler waits
 * on it): the CLI is run instead, as Bun's own message advises.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const UI = join(import.meta.dir, '../ui');

export function dashboardScript(): string {
  const built = Bun.spawnSync([process.execPath, 'build', join(UI, 'main.ts'), '--target=browser', '--format=esm', '--minify'], { stdout: 'pipe', stderr: 'pipe' });
  if (built.exitCode !== 0) throw new Error(`bundling the dashboard failed: ${built.stderr.toString()}`);
  return built.stdout.toString();
}

export function dashboardCss(): string {
  return `${readFileSync(Bun.resolveSync('uplot/dist/uPlot.min.css', import.meta.dir), 'utf8')}\n${readFileSync(join(UI, 'style.css'), 'utf8')}`;
}
