import { describe, expect, test } from 'bun:test';
import { ToolNameMap } from './tool-names';

describe('ToolNameMap', () => {
  test('safe names pass unchanged both ways', () => {
    const names = new ToolNameMap();
    expect(names.toUpstream('Bash')).toBe('Bash');
    expect(names.fromUpstream('Bash')).toBe('Bash');
  });

  test('a name over 64 characters (long MCP tool names) becomes a safe one and comes back', () => {
    const names = new ToolNameMap();
    const long = `mcp__${'very_long_server_name_'.repeat(4)}__tool`;
    const safe = names.toUpstream(long);
    expect(safe.length).toBeLessThanOrEqual(64);
    expect(safe).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(names.toUpstream(long)).toBe(safe);
    expect(names.fromUpstream(safe)).toBe(long);
  });

  test('refused characters are replaced, and the original comes back', () => {
    const names = new ToolNameMap();
    const safe = names.toUpstream('mcp.server/read file');
    expect(safe).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(names.fromUpstream(safe)).toBe('mcp.server/read file');
  });

  test('two names that clean to the same string stay apart', () => {
    const names = new ToolNameMap();
    const a = names.toUpstream('a.b');
    const b = names.toUpstream('a/b');
    expect(a).not.toBe(b);
    expect(names.fromUpstream(a)).toBe('a.b');
    expect(names.fromUpstream(b)).toBe('a/b');
  });

  test('a name that cleans to another tool\'s safe name (a.b beside a_b) keeps its own, in either order', () => {
    for (const order of [['a.b', 'a_b'], ['a_b', 'a.b']]) {
      const names = new ToolNameMap();
      const [first, second] = order.map((name) => names.toUpstream(name));
      expect(first).not.toBe(second);
      expect(names.fromUpstream(first)).toBe(order[0]);
      expect(names.fromUpstream(second)).toBe(order[1]);
    }
  });

  test('a name the upstream made up is returned as is', () => {
    expect(new ToolNameMap().fromUpstream('unknown_tool')).toBe('unknown_tool');
  });
});
