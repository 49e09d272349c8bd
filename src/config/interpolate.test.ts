import { describe, expect, test } from 'bun:test';
import { formatUnsetWarnings, interpolateEnvVars, interpolateString } from './interpolate';

describe('interpolateEnvVars', () => {
  test('replaces $VAR and ${VAR}, inside longer strings too', () => {
    const env = { KEY: 'sk-1', HOST_NAME: 'example.com' };
    expect(interpolateString('$KEY', env)).toBe('sk-1');
    expect(interpolateString('${KEY}', env)).toBe('sk-1');
    expect(interpolateString('https://${HOST_NAME}/v1', env)).toBe('https://example.com/v1');
    expect(interpolateString('Bearer $KEY!', env)).toBe('Bearer sk-1!');
  });

  test('walks nested objects and arrays and leaves other values alone', () => {
    const env = { A: 'alpha', B: 'beta' };
    const input = { list: ['$A', ['${B}', 3]], nested: { deep: { value: 'x-$A-y' } }, flag: true, nothing: null, count: 7 };
    const { value, unset } = interpolateEnvVars(input, env);
    expect(value).toEqual({ list: ['alpha', ['beta', 3]], nested: { deep: { value: 'x-alpha-y' } }, flag: true, nothing: null, count: 7 });
    expect(unset).toEqual([]);
    expect(input.list[0]).toBe('$A');
  });

  test('keeps a reference to an unset variable as written and reports its path', () => {
    const { value, unset } = interpolateEnvVars(
      { Providers: [{ api_key: '$MISSING_KEY' }, { api_key: '${ALSO_MISSING}', transformer: { 'deepseek-chat': '$X' } }] },
      { X: 'x' },
    );
    expect(value.Providers[0]!.api_key).toBe('$MISSING_KEY');
    expect(value.Providers[1]!.api_key).toBe('${ALSO_MISSING}');
    expect(unset).toEqual([
      { path: 'Providers[0].api_key', variable: 'MISSING_KEY' },
      { path: 'Providers[1].api_key', variable: 'ALSO_MISSING' },
    ]);
    expect(formatUnsetWarnings(unset)[0]).toContain('Providers[0].api_key');
    expect(formatUnsetWarnings(unset)[0]).toContain('MISSING_KEY');
  });

  test('a variable set to the empty string is substituted, not reported', () => {
    const { value, unset } = interpolateEnvVars({ proxy: '$PROXY' }, { PROXY: '' });
    expect(value.proxy).toBe('');
    expect(unset).toEqual([]);
  });

  test('bare $ only matches whole upper-case names, so prices and lower-case text survive', () => {
    const env = { O: 'oops', PRICE: 'p' };
    expect(interpolateString('costs $5', env)).toBe('costs $5');
    expect(interpolateString('$Open and $lower', env)).toBe('$Open and $lower');
    expect(interpolateEnvVars({ note: '$Open' }, env).unset).toEqual([]);
  });

  test('${VAR:-default} uses the default when the variable is unset or empty', () => {
    expect(interpolateString('${LEVEL:-debug}', {})).toBe('debug');
    expect(interpolateString('${LEVEL:-debug}', { LEVEL: '' })).toBe('debug');
    expect(interpolateString('${LEVEL:-debug}', { LEVEL: 'warn' })).toBe('warn');
  });

  test('substituted values are not interpolated again', () => {
    expect(interpolateString('$A', { A: '$B', B: 'no' })).toBe('$B');
  });
});
