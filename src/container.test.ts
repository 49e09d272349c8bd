import { describe, expect, test } from 'bun:test';
import { runningInContainer, unreachableReason } from './container';

describe('runningInContainer', () => {
  test("Docker's /.dockerenv, Podman's /run/.containerenv, or `container` in the environment", () => {
    const none = () => false;
    expect(runningInContainer({}, none)).toBe(false);
    expect(runningInContainer({}, (path) => path === '/.dockerenv')).toBe(true);
    expect(runningInContainer({}, (path) => path === '/run/.containerenv')).toBe(true);
    expect(runningInContainer({ container: 'podman' }, none)).toBe(true);
  });
});

describe('unreachableReason', () => {
  test('a HOST ignored for want of a key, in a container: the reason, naming the host and the fix', () => {
    expect(unreachableReason({ hostIgnored: '0.0.0.0' }, true)).toContain('instead of 0.0.0.0');
    expect(unreachableReason({ hostIgnored: '0.0.0.0' }, true)).toContain('APIKEY');
  });
  test('outside a container, or on 127.0.0.1 by choice (Claude Code in the same dev container), none', () => {
    expect(unreachableReason({ hostIgnored: '0.0.0.0' }, false)).toBeUndefined();
    expect(unreachableReason({}, true)).toBeUndefined();
  });
});
