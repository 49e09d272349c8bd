import { describe, expect, test } from 'bun:test';
import { ConfigError, validateConfig } from './validate';

const BUILT_IN = new Set(['anthropic', 'openai', 'gemini', 'deepseek', 'openrouter', 'maxtoken', 'tooluse']);
const knownTransformer = (name: string) => BUILT_IN.has(name);

function provider(name: string, extra: Record<string, unknown> = {}) {
  return { name, api_base_url: `https://${name}.example.com/v1/chat/completions`, api_key: 'k', models: [`${name}-model`], ...extra };
}

function errorsOf(config: unknown) {
  return validateConfig(config, { knownTransformer }).errors;
}

describe('validateConfig', () => {
  test('a sound config has no errors and no warnings', () => {
    const result = validateConfig(
      {
        Providers: [provider('deepseek', { transformer: { use: ['deepseek'], 'deepseek-model': { use: [['maxtoken', { max_tokens: 8 }]] } } })],
        Router: { default: 'deepseek,deepseek-model', think: { providers: [{ provider: 'DeepSeek', model: 'deepseek-model', weight: 1 }] } },
      },
      { knownTransformer },
    );
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  test('a route without a comma names its path', () => {
    expect(errorsOf({ Providers: [provider('deepseek')], Router: { default: 'deepseek' } })).toEqual([
      'Router.default: "deepseek" is not of the form "provider,model"',
    ]);
  });

  test('an empty route string means "not set", as claude-code-router\'s UI writes it', () => {
    expect(errorsOf({ Providers: [provider('a')], Router: { default: 'a,a-model', webSearch: '', image: '' } })).toEqual([]);
  });

  test('a route naming an unknown provider, in every place a route can appear', () => {
    const errors = errorsOf({
      Providers: [provider('deepseek')],
      Router: {
        default: 'nope,m',
        think: { providers: [{ provider: 'ghost', model: 'm' }], fallback: ['phantom,m'] },
        rules: [{ when: { hasImages: true }, route: 'void,m' }],
      },
      fallback: { default: ['missing,m'] },
    });
    expect(errors).toHaveLength(5);
    expect(errors[0]).toBe('Router.default: "nope,m" names provider "nope", which is not a configured provider (known: deepseek)');
    expect(errors[1]).toStartWith('Router.think.providers[0].provider: "ghost" is not a configured provider');
    expect(errors[2]).toStartWith('Router.think.fallback[0]: "phantom,m" names provider "phantom"');
    expect(errors[3]).toStartWith('Router.rules[0].route: "void,m" names provider "void"');
    expect(errors[4]).toStartWith('fallback.default[0]: "missing,m" names provider "missing"');
  });

  test('provider names match case-insensitively, and duplicates differing only in case are refused', () => {
    expect(errorsOf({ Providers: [provider('OpenRouter')], Router: { default: 'openrouter,OpenRouter-model' } })).toEqual([]);
    expect(errorsOf({ Providers: [provider('deepseek'), provider('DeepSeek')] })).toEqual([
      'Providers[1].name: "DeepSeek" duplicates Providers[0].name (provider names are compared case-insensitively)',
    ]);
  });

  test('api_base_url must be an http(s) URL', () => {
    expect(errorsOf({ Providers: [provider('a', { api_base_url: 'api.deepseek.com/chat' }), provider('b', { api_base_url: 'ftp://x.com/' })] })).toEqual([
      'Providers[0].api_base_url: "api.deepseek.com/chat" is not an http(s) URL',
      'Providers[1].api_base_url: "ftp://x.com/" is not an http(s) URL',
    ]);
  });

  test('unknown transformers in a provider chain and a model chain, names case-insensitive', () => {
    const errors = errorsOf({
      Providers: [provider('a', { transformer: { use: ['DeepSeek', 'bogus'], 'a-model': { use: [['nosuch', {}]] }, other: ['alsobad'] } })],
    });
    expect(errors).toEqual([
      'Providers[0].transformer.use[1]: unknown transformer "bogus"',
      'Providers[0].transformer["a-model"].use[0][0]: unknown transformer "nosuch"',
      'Providers[0].transformer.other[0]: unknown transformer "alsobad"',
    ]);
  });

  test('transformer names are not checked without a knownTransformer predicate', () => {
    expect(validateConfig({ Providers: [provider('a', { transformer: { use: ['bogus'] } })] }).errors).toEqual([]);
  });

  test('with custom transformer modules configured, an unknown name is a warning: the module may provide it', () => {
    const result = validateConfig(
      { transformers: [{ path: './plugin.js' }], Providers: [provider('a', { transformer: { use: ['my-plugin'] } })] },
      { knownTransformer },
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['Providers[0].transformer.use[0]: transformer "my-plugin" is not built in; it must come from one of the modules listed in transformers']);
  });

  test('a routed model missing from its provider\'s models list is a warning, not an error', () => {
    const result = validateConfig({
      Providers: [provider('a'), provider('b', { models: [] })],
      Router: { default: 'a,not-listed', background: 'b,anything', think: { providers: [{ provider: 'a', model: 'also-not' }] } },
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'Router.default: model "not-listed" is not in the models list of provider "a" (a-model)',
      'Router.think.providers[0].model: model "also-not" is not in the models list of provider "a" (a-model)',
    ]);
  });

  test('a bad rule modelRegex is reported with the other problems, naming its path', () => {
    const errors = errorsOf({
      Providers: [provider('a')],
      Router: { default: 'a,a-model', rules: [{ name: 'broken', when: { modelRegex: '(unclosed' }, route: 'a,a-model' }], background: 'nowhere,x' },
    });
    expect(errors).toHaveLength(2);
    expect(errors).toContainEqual(expect.stringMatching(/^Router\.rules\[0\]\.when\.modelRegex: "\(unclosed" is not a valid regular expression/));
    expect(errors).toContainEqual(expect.stringMatching(/^Router\.background: /));
  });

  test('a top-level fallback key that is no routing category (a typo) is a warning naming it', () => {
    const result = validateConfig({ Providers: [provider('a')], Router: { default: 'a,a-model' }, fallback: { defualt: ['a,a-model'], think: ['a,a-model'], rule: [] } });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.stringMatching(/^fallback\.defualt: not a routing category, so it is never used \(categories: .*default.*\)$/)]);
  });

  test('a type error under a key that is not an identifier quotes the key', () => {
    const errors = errorsOf({ Providers: [provider('a', { transformer: { 'deepseek-chat': 5 } })] });
    expect(errors).toEqual(['Providers[0].transformer["deepseek-chat"]: expected array, or expected object (got 5)']);
  });

  test('bad PORT values', () => {
    expect(errorsOf({ PORT: 'abc' })).toEqual(['PORT: "abc" is not a port number (0-65535)']);
    expect(errorsOf({ PORT: '70000' })).toEqual(['PORT: "70000" is not a port number (0-65535)']);
    expect(errorsOf({ PORT: 70000 })[0]).toStartWith('PORT: expected integer to be less or equal to 65535');
    expect(errorsOf({ PORT: '8080' })).toEqual([]);
  });

  test('type errors name their path and explain unions', () => {
    const errors = errorsOf({
      Providers: [{ name: 'a', api_base_url: 5 }],
      Router: { default: 7, think: { providers: [{ provider: 'a' }] } },
      LOG_LEVEL: 'loud',
      LOG: 'yes',
    });
    expect(errors).toContain('Providers[0].api_base_url: expected string');
    expect(errors).toContain('Router.default: expected string, or expected object (got 7)');
    expect(errors).toContain('Router.think.providers[0].model: is required');
    expect(errors).toContain('LOG_LEVEL: "loud" is not one of "fatal", "error", "warn", "info", "debug", "trace", "silent"');
    expect(errors).toContain('LOG: expected boolean');
  });

  test('several problems are reported at once', () => {
    const errors = errorsOf({
      Providers: [provider('a', { api_base_url: 'nope' }), provider('a')],
      Router: { default: 'a', background: 'z,m' },
      PORT: 'x',
    });
    expect(errors).toHaveLength(5);
  });

  test('a top level that is not an object', () => {
    expect(errorsOf([])).toEqual(['(root): expected object']);
  });
});

describe('ConfigError', () => {
  test('lists every problem in its message', () => {
    const error = new ConfigError(['A: one', 'B: two'], '/tmp/config.json');
    expect(error).toBeInstanceOf(Error);
    expect(error.problems).toEqual(['A: one', 'B: two']);
    expect(error.message).toBe('Invalid config in /tmp/config.json (2 problems):\n  - A: one\n  - B: two');
  });
});

describe('keys ccr does not know', () => {
  test('are kept but named once in a warning; a foreign router config says how to import it', () => {
    expect(validateConfig({ Providers: [], MY_NOTE: 'x' }).warnings).toEqual(['config keys ccr does not use, kept as written: MY_NOTE']);
    const foreign = validateConfig({ server: { port: 3456 }, routing: {} }).warnings[0];
    expect(foreign).toContain('server, routing');
    expect(foreign).toContain('ccr config import');
  });
  test("claude-code-router's own CLI keys are not worth a warning", () => {
    expect(validateConfig({ Providers: [], NON_INTERACTIVE_MODE: true, StatusLine: {} }).warnings).toEqual([]);
  });
});
