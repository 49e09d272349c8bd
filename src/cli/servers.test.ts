import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseConfigBeside, resolveServerSpecs, serverNames, serverUrl } from './servers';

const dir = mkdtempSync(join(tmpdir(), 'ccr-servers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

test('server names come from the file names: config.json is main, config.<x>.json is x; repeats numbered', () => {
  expect(serverNames(['/a/config.json', '/a/config.release.json', '/b/team.json', '/c/team.json', undefined])).toEqual(['main', 'release', 'team', 'team-2', 'main-2']);
});

test('a release config beside the main one, only for a file not itself a release config', () => {
  const main = write('config.json', {});
  expect(releaseConfigBeside(main)).toBeUndefined();
  const release = write('config.release.json', {});
  expect(releaseConfigBeside(main)).toBe(release);
  expect(releaseConfigBeside(release)).toBeUndefined();
});

test('the environment PORT is the first server\'s; the others listen where their file says; --port per --config', async () => {
  const a = write('a.json', { PORT: 4001 });
  const b = write('b.json', { PORT: 4002 });
  const specs = await resolveServerSpecs({ configs: [a, b], env: { PORT: '5000' }, cwd: dir, home: dir });
  expect(specs.map((spec) => [spec.name, spec.port, spec.host])).toEqual([
    ['a', 5000, '127.0.0.1'],
    ['b', 4002, '127.0.0.1'],
  ]);
  const ported = await resolveServerSpecs({ configs: [a, b], ports: [6001, 6002], env: {}, cwd: dir, home: dir });
  expect(ported.map((spec) => spec.port)).toEqual([6001, 6002]);
});

test('an invalid config is refused with every problem', async () => {
  const bad = write('bad.json', { PORT: 'x', Router: { default: 'nobody,m' } });
  await expect(resolveServerSpecs({ configs: [bad], env: {}, cwd: dir, home: dir })).rejects.toThrow(/Invalid config in .*bad\.json \(2 problems\)/);
});

test('wildcard hosts are reached on loopback; IPv6 in brackets', () => {
  expect(serverUrl({ host: '0.0.0.0', port: 1 })).toBe('http://127.0.0.1:1');
  expect(serverUrl({ host: '::1', port: 2 })).toBe('http://[::1]:2');
});
