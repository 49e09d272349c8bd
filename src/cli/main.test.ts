import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };

const cli = join(import.meta.dir, 'main.ts');
const run = (...args: string[]) => {
  const result = Bun.spawnSync([process.execPath, cli, ...args], { env: { ...process.env, PORT: '1', HOME: '/nonexistent-ccr-home' }, stdout: 'pipe', stderr: 'pipe' });
  return { code: result.exitCode, out: result.stdout.toString(), err: result.stderr.toString() };
};

describe('ccr CLI', () => {
  test('version prints the package version', () => {
    expect(run('version')).toMatchObject({ code: 0, out: `${pkg.version}\n` });
  });
  test('help lists the commands', () => {
    const { code, out } = run('help');
    expect(code).toBe(0);
    for (const command of ['start', 'stop', 'status', 'code', 'test']) expect(out).toContain(`  ${command}`);
  });
  test('an unknown command exits 2 with the help', () => {
    const { code, err } = run('frobnicate');
    expect(code).toBe(2);
    expect(err).toContain('unknown command "frobnicate"');
  });
  test('status with nothing running says so and exits 1', () => {
    const { code, out } = run('status');
    expect(code).toBe(1);
    expect(out).toContain('is not running');
  });
});
