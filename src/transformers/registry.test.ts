import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { loadCustomTransformers } from './load-custom';
import { buildChain, createRegistry, describeTransformers, resolveDialect, transformerScopes } from './registry';
import { anthropicRequest, transformerContext } from './test-context';
import type { TransformerDefinition } from './types';

const FIXTURES = join(import.meta.dir, '../../test/fixtures/transformers');

/** A transformer that appends its tag to `max_tokens` history, to observe chain order. */
function recorder(name: string): TransformerDefinition {
  return {
    name,
    source: 'test',
    create: (options) => ({
      upstreamBody: (body) => ({ ...body, order: [...((body.order as string[]) ?? []), `${name}${options.suffix ?? ''}`] }),
    }),
  };
}

describe('createRegistry', () => {
  test('finds built-ins whatever the case users write', () => {
    const registry = createRegistry([]);
    expect(registry.get('Anthropic')?.name).toBe('anthropic');
    expect(registry.get('OPENROUTER')?.name).toBe('openrouter');
    expect(registry.get('nope')).toBeUndefined();
  });

  test('lists custom transformers beside the built-ins', () => {
    const registry = createRegistry([recorder('mine')]);
    expect(registry.list().map((definition) => definition.name)).toContain('mine');
    expect(registry.list().map((definition) => definition.name)).toContain('deepseek');
  });

  test('a custom transformer named like a built-in is an error', () => {
    expect(() => createRegistry([recorder('DeepSeek')])).toThrow(/DeepSeek.*clashes with "deepseek"/);
  });

  test('a loaded module named like a built-in is refused, whatever its case, naming its path', async () => {
    const loaded = await loadCustomTransformers([{ path: 'clash.mjs' }], FIXTURES);
    expect(() => createRegistry(loaded)).toThrow('transformer "MaxToken" (clash.mjs) clashes with "maxtoken" (builtin)');
  });

  test('two loaded modules with one name are refused', async () => {
    const loaded = await loadCustomTransformers([{ path: 'esm-definition.mjs' }, { path: './esm-definition.mjs' }], FIXTURES);
    expect(() => createRegistry(loaded)).toThrow('transformer "stamp-body" (./esm-definition.mjs) clashes with "stamp-body" (esm-definition.mjs)');
  });
});

describe('buildChain', () => {
  const registry = createRegistry([recorder('first'), recorder('second'), recorder('third')]);

  test('applies the provider chain, then the model chain', () => {
    const chain = buildChain({ use: ['first', ['second', { suffix: '!' }]], 'big-model': { use: ['third'] } }, 'big-model', registry);
    expect(chain.names).toEqual(['first', 'second', 'third']);
    expect(chain.upstreamBody({}, transformerContext()).order).toEqual(['first', 'second!', 'third']);
  });

  test("another model's chain does not apply", () => {
    const chain = buildChain({ use: ['first'], 'big-model': { use: ['third'] } }, 'small-model', registry);
    expect(chain.names).toEqual(['first']);
  });

  test('accepts a model chain written as a bare list', () => {
    const chain = buildChain({ 'm': ['second'] }, 'm', registry);
    expect(chain.names).toEqual(['second']);
  });

  test('resolves names case-insensitively and reports the canonical name', () => {
    const chain = buildChain({ use: ['OpenRouter', ['MaxToken', { max_tokens: 10 }]] }, 'm', registry);
    expect(chain.names).toEqual(['openrouter', 'maxtoken']);
  });

  test('an unknown name throws an error naming it', () => {
    expect(() => buildChain({ use: ['first', 'no-such-thing'] }, 'm', registry)).toThrow(/unknown transformer "no-such-thing"/);
  });

  test('bad options throw when the chain is built, not per request', () => {
    expect(() => buildChain({ use: [['maxtoken', { max_tokens: 'lots' }]] }, 'm', registry)).toThrow(/max_tokens/);
  });

  test('no config is an empty chain', () => {
    const chain = buildChain(undefined, 'm', registry);
    expect(chain.isEmpty).toBe(true);
    expect(chain.request(anthropicRequest(), transformerContext())).toEqual(anthropicRequest());
  });
});

describe('resolveDialect', () => {
  const registry = createRegistry([]);
  test('the chain names the dialect, whatever the URL', () => {
    expect(resolveDialect(buildChain({ use: ['Anthropic'] }, 'm', registry), 'https://example.com/v1/chat/completions')).toBe('anthropic');
    expect(resolveDialect(buildChain({ use: ['gemini'] }, 'm', registry), 'https://example.com/x')).toBe('gemini');
    expect(resolveDialect(buildChain({ use: ['deepseek'] }, 'm', registry), 'https://api.deepseek.com/anthropic/v1/messages')).toBe('openai');
  });

  test('else the URL decides', () => {
    const none = buildChain(undefined, 'm', registry);
    expect(resolveDialect(none, 'https://api.anthropic.com/v1/messages')).toBe('anthropic');
    expect(resolveDialect(none, 'https://generativelanguage.googleapis.com/v1beta/models/')).toBe('gemini');
    expect(resolveDialect(none, 'https://openrouter.ai/api/v1/chat/completions')).toBe('openai');
  });
});

describe('transformerScopes', () => {
  test('the provider-wide list comes first, whatever the key order, then each model, bare lists included', () => {
    expect(transformerScopes({ 'big-model': { use: ['third'] }, use: ['first'], m: ['second'] })).toEqual([
      { uses: ['first'] },
      { model: 'big-model', uses: ['third'] },
      { model: 'm', uses: ['second'] },
    ]);
    expect(transformerScopes(undefined)).toEqual([]);
  });

  test('a model chain written before `use` still applies after the provider chain', () => {
    const registry = createRegistry([recorder('first'), recorder('third')]);
    expect(buildChain({ 'big-model': { use: ['third'] }, use: ['first'] }, 'big-model', registry).names).toEqual(['first', 'third']);
  });
});

describe('describeTransformers', () => {
  test('names the providers and models that use each transformer', () => {
    const registry = createRegistry([recorder('first')]);
    const info = describeTransformers(registry, [
      { name: 'or', api_base_url: 'https://openrouter.ai/api/v1/chat/completions', transformer: { use: ['OpenRouter'], 'deepseek/deepseek-r1': { use: ['first'] } } },
      { name: 'ds', api_base_url: 'https://api.deepseek.com/chat/completions', transformer: { use: ['deepseek', 'first'] } },
      { name: 'plain', api_base_url: 'https://x/v1/chat/completions' },
    ]);
    const byName = Object.fromEntries(info.map((entry) => [entry.name, entry]));
    expect(byName.openrouter.usedBy).toEqual([{ provider: 'or' }]);
    expect(byName.first.usedBy).toEqual([{ provider: 'or', model: 'deepseek/deepseek-r1' }, { provider: 'ds' }]);
    expect(byName.first.source).toBe('test');
    expect(byName.maxtoken.source).toBe('builtin');
    expect(byName.maxtoken.options?.max_tokens).toBeString();
    expect(byName.groq.usedBy).toEqual([]);
  });
});
