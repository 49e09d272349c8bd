import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConfigPath } from './locate';

let root: string;
let cwd: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ccr-locate-'));
  cwd = join(root, 'project');
  home = join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(join(home, '.claude-code-router'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const homeConfig = () => join(home, '.claude-code-router', 'config.json');

describe('findConfigPath', () => {
  test('undefined when no file exists anywhere', () => {
    expect(findConfigPath({}, cwd, home)).toBeUndefined();
  });

  test('falls back to ~/.claude-code-router/config.json', () => {
    writeFileSync(homeConfig(), '{}');
    expect(findConfigPath({}, cwd, home)).toEqual({ path: homeConfig() });
  });

  test('./config.json wins over the home file when it is a router config (JSONC allowed)', () => {
    writeFileSync(homeConfig(), '{}');
    writeFileSync(join(cwd, 'config.json'), '// mine\n{ "Providers": [], "Router": { "default": "p,m" }, }');
    expect(findConfigPath({}, cwd, home)).toEqual({ path: join(cwd, 'config.json') });
  });

  test("a project's own config.json is passed over for the home file, or for none", () => {
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ name: 'my-app', database: { url: 'postgres://x' } }));
    expect(findConfigPath({}, cwd, home)).toBeUndefined();
    writeFileSync(homeConfig(), '{}');
    expect(findConfigPath({}, cwd, home)).toEqual({ path: homeConfig() });
    writeFileSync(join(cwd, 'config.json'), '[1, 2');
    expect(findConfigPath({}, cwd, home)).toEqual({ path: homeConfig() });
  });

  test('CONFIG_PATH wins over both, relative to cwd; CCR_CONFIG_PATH wins over CONFIG_PATH', () => {
    writeFileSync(join(cwd, 'config.json'), '{}');
    writeFileSync(join(cwd, 'a.json'), '{}');
    writeFileSync(join(root, 'b.json'), '{}');
    expect(findConfigPath({ CONFIG_PATH: 'a.json' }, cwd, home)).toEqual({ variable: 'CONFIG_PATH', path: join(cwd, 'a.json') });
    expect(findConfigPath({ CONFIG_PATH: 'a.json', CCR_CONFIG_PATH: join(root, 'b.json') }, cwd, home)).toEqual({ variable: 'CCR_CONFIG_PATH', path: join(root, 'b.json') });
  });

  test('expands ~/ in CONFIG_PATH', () => {
    writeFileSync(homeConfig(), '{}');
    expect(findConfigPath({ CONFIG_PATH: '~/.claude-code-router/config.json' }, cwd, home)?.path).toBe(homeConfig());
  });

  test('a CONFIG_PATH that does not exist is not silently replaced by another file', () => {
    writeFileSync(join(cwd, 'config.json'), '{}');
    expect(findConfigPath({ CONFIG_PATH: join(root, 'missing.json') }, cwd, home)).toEqual({ variable: 'CONFIG_PATH', path: join(root, 'missing.json') });
  });
});
