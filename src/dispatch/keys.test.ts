import { describe, expect, test } from 'bun:test';
import { apiKeysOf } from '../runtime';
import { KeyRotation } from './keys';

describe('KeyRotation', () => {
  test('several keys are used in turn, per provider', () => {
    const keys = new KeyRotation();
    expect([1, 2, 3, 4].map(() => keys.pick('a', ['k1', 'k2', 'k3']))).toEqual(['k1', 'k2', 'k3', 'k1']);
    expect(keys.pick('b', ['x1', 'x2'])).toBe('x1');
  });
  test('one key, or none', () => {
    const keys = new KeyRotation();
    expect(keys.pick('a', ['only'])).toBe('only');
    expect(keys.pick('a', [])).toBe('');
  });
});

describe('apiKeysOf', () => {
  test('api_key as a string or a list, plus api_keys, deduplicated, empties dropped', () => {
    expect(apiKeysOf({ name: 'p', api_base_url: 'u', api_key: 'a' })).toEqual(['a']);
    expect(apiKeysOf({ name: 'p', api_base_url: 'u', api_key: ['a', 'b', ''], api_keys: ['b', 'c'] })).toEqual(['a', 'b', 'c']);
    expect(apiKeysOf({ name: 'p', api_base_url: 'u' })).toEqual([]);
  });
});
