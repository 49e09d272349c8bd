import { describe, expect, test } from 'bun:test';
import { codePathsOf, introducedCodePaths } from './code-paths';

const context = { env: { PLUGINS: '/opt/plugins' }, baseDir: '/home/u/.claude-code-router', home: '/home/u' };

const onDisk = {
  transformers: [{ path: './plugins/a.mjs' }, { path: '$PLUGINS/b.mjs', options: { x: 1 } }],
  CUSTOM_ROUTER_PATH: '~/.claude-code-router/router.js',
};

describe('codePathsOf', () => {
  test('resolves $VAR, ~/ and relative paths as ccr would load them', () => {
    expect(codePathsOf(onDisk, context)).toEqual([
      { role: 'transformer', at: 'transformers[0].path', file: '/home/u/.claude-code-router/plugins/a.mjs' },
      { role: 'transformer', at: 'transformers[1].path', file: '/opt/plugins/b.mjs' },
      { role: 'custom router', at: 'CUSTOM_ROUTER_PATH', file: '/home/u/.claude-code-router/router.js' },
    ]);
  });

  test('ignores what is not a path (the schema reports it)', () => {
    expect(codePathsOf({ transformers: [null, { path: 3 }, 'x'], CUSTOM_ROUTER_PATH: '' }, context)).toEqual([]);
    expect(codePathsOf(null, context)).toEqual([]);
  });
});

describe('introducedCodePaths', () => {
  test('keeping, reordering, dropping or respelling the same files is allowed', () => {
    const next = {
      transformers: [{ path: '/opt/plugins/b.mjs', options: { x: 2 } }, { path: 'plugins/../plugins/a.mjs' }],
      CUSTOM_ROUTER_PATH: '/home/u/.claude-code-router/router.js',
    };
    expect(introducedCodePaths(next, onDisk, context)).toEqual([]);
    expect(introducedCodePaths({}, onDisk, context)).toEqual([]);
  });

  test('a new transformer module or custom router is refused, with its JSON path', () => {
    const next = { transformers: [{ path: './plugins/a.mjs' }, { path: '/tmp/evil.mjs' }], CUSTOM_ROUTER_PATH: './other-router.js' };
    expect(introducedCodePaths(next, onDisk, context)).toEqual([
      'transformers[1].path: transformer module /tmp/evil.mjs is not named in the config file on disk; only an edit of the file can add code to load',
      'CUSTOM_ROUTER_PATH: custom router module /home/u/.claude-code-router/other-router.js is not named in the config file on disk; only an edit of the file can add code to load',
    ]);
  });

  test('a file named in one role cannot be loaded in another', () => {
    expect(introducedCodePaths({ CUSTOM_ROUTER_PATH: './plugins/a.mjs' }, onDisk, context)).toHaveLength(1);
  });

  test('with no file on disk, any code path is refused', () => {
    expect(introducedCodePaths(onDisk, undefined, context)).toHaveLength(3);
  });
});
