import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { loadCustomTransformers, TransformerLoadError } from './load-custom';
import { buildChain, createRegistry } from './registry';
import { transformerContext } from './test-context';

const FIXTURES = join(import.meta.dir, '../../test/fixtures/transformers');

async function loadError(path: string): Promise<TransformerLoadError> {
  try {
    await loadCustomTransformers([{ path }], FIXTURES);
  } catch (error) {
    if (error instanceof TransformerLoadError) return error;
    throw error;
  }
  throw new Error(`${path} loaded, but should not have`);
}

describe('loadCustomTransformers', () => {
  test('loads an ESM definition, resolving the path against the config folder', async () => {
    const [definition] = await loadCustomTransformers([{ path: './esm-definition.mjs', options: { stamp: 'from-config' } }], FIXTURES);
    expect(definition.name).toBe('stamp-body');
    expect(definition.source).toBe('./esm-definition.mjs');
    const registry = createRegistry([definition]);
    const fromConfig = buildChain({ use: ['Stamp-Body'] }, 'm', registry);
    expect(fromConfig.upstreamBody({}, transformerContext())).toEqual({ stamp: 'from-config' });
    const fromUse = buildChain({ use: [['stamp-body', { stamp: 'from-use' }]] }, 'm', registry);
    expect(fromUse.upstreamBody({}, transformerContext())).toEqual({ stamp: 'from-use' });
  });

  test('loads a CommonJS class, instantiated with its options', async () => {
    const [definition] = await loadCustomTransformers([{ path: join(FIXTURES, 'cjs-class.cjs'), options: { value: 'v1' } }], '/elsewhere');
    expect(definition.name).toBe('header-tag');
    const hooks = definition.create({});
    expect(hooks.upstreamHeaders!({ a: '1' }, transformerContext())).toEqual({ a: '1', 'x-tag': 'v1' });
    expect(definition.create({ value: 'v2' }).upstreamHeaders!({}, transformerContext())).toEqual({ 'x-tag': 'v2' });
  });

  test("maps claude-code-router's transformRequestIn onto the upstream body and says what is ignored", async () => {
    const [definition] = await loadCustomTransformers([{ path: 'ccr-style.mjs', options: { user: 'ana' } }], FIXTURES);
    expect(definition.name).toBe('add-user');
    expect(definition.description).toContain('transformResponseOut');
    const hooks = definition.create({});
    expect(hooks.upstreamBody!({ model: 'm' }, transformerContext({ provider: 'groq' }))).toEqual({ model: 'm', user: 'ana@groq' });
  });

  test('a missing file is reported with its path', async () => {
    const error = await loadError('./nowhere.mjs');
    expect(error.path).toBe('./nowhere.mjs');
    expect(error.reason).toContain('file not found');
  });

  test('a syntax error is reported with the path and the parser message', async () => {
    const error = await loadError('syntax-error.mjs');
    expect(error.path).toBe('syntax-error.mjs');
    expect(error.reason).toMatch(/failed to load/);
    expect(error.message).toContain('syntax-error.mjs');
  });

  test('a module without a name is refused', async () => {
    expect((await loadError('no-name.mjs')).reason).toContain('no name');
  });

  test('a constructor that throws is reported with its message', async () => {
    const error = await loadError('constructor-throws.mjs');
    expect(error.path).toBe('constructor-throws.mjs');
    expect(error.reason).toBe('the constructor threw: option "key" is required');
  });

  test('a module exporting neither a class nor an object is refused', async () => {
    expect((await loadError('export-number.mjs')).reason).toBe('the module exports neither a class nor an object');
  });

  test("a transformRequestIn returning newer musistudio/llms' { body, config } sends the body", async () => {
    const [definition] = await loadCustomTransformers([{ path: 'ccr-body-config.mjs' }], FIXTURES);
    expect(definition.create({}).upstreamBody!({ model: 'm' }, transformerContext())).toEqual({ model: 'm', wrapped: true });
  });

  test('a module with no hook is refused', async () => {
    expect((await loadError('no-hooks.mjs')).reason).toContain('none of the hooks');
  });

  test('an async hook is refused at load time, not at the first request', async () => {
    expect((await loadError('async-hook.mjs')).reason).toContain('transformRequestIn is async');
  });
});

describe('options for an object export', () => {
  const refusal = 'an object export takes no per-chain options; export a class or { name, create }';

  test('an object export works without options', async () => {
    const [definition] = await loadCustomTransformers([{ path: 'object-hooks.mjs' }], FIXTURES);
    expect(definition.create({}).upstreamHeaders!({}, transformerContext())).toEqual({ 'x-object': 'yes' });
  });

  test('options in the config are refused at load, not silently dropped', async () => {
    await expect(loadCustomTransformers([{ path: 'object-hooks.mjs', options: { value: 'x' } }], FIXTURES)).rejects.toThrow(refusal);
  });

  test('options in a chain are refused when the chain is built, not silently dropped', async () => {
    const registry = createRegistry(await loadCustomTransformers([{ path: 'object-hooks.mjs' }], FIXTURES));
    expect(() => buildChain({ use: [['object-hooks', { value: 'x' }]] }, 'm', registry)).toThrow(refusal);
  });
});

describe('a user hook that returns a Promise is an error, never an empty body sent upstream', () => {
  async function chainOf(path: string) {
    const loaded = await loadCustomTransformers([{ path }], FIXTURES);
    return buildChain({ use: [loaded[0].name] }, 'm', createRegistry(loaded));
  }

  test('a plain function hook returning a Promise', async () => {
    const chain = await chainOf('promise-hook.mjs');
    expect(() => chain.upstreamBody({ model: 'm' }, transformerContext())).toThrow('transformer "promise-hook": upstreamBody returned a Promise');
  });

  test('a transformRequestIn returning a Promise without being async', async () => {
    const chain = await chainOf('promise-request-in.mjs');
    expect(() => chain.upstreamBody({ model: 'm' }, transformerContext())).toThrow('transformer "promise-request-in": transformRequestIn returned a Promise');
  });

  test('hooks returned by create(): async, Promise-returning, and stream event hooks', async () => {
    const chain = await chainOf('create-async-hooks.mjs');
    const ctx = transformerContext();
    expect(() => chain.upstreamBody({ model: 'm' }, ctx)).toThrow('transformer "create-async-hooks": upstreamBody returned a Promise');
    expect(() => chain.upstreamHeaders({}, ctx)).toThrow('transformer "create-async-hooks": upstreamHeaders returned a Promise');
    expect(() => chain.stream(ctx).event({ type: 'message_stop' })).toThrow('transformer "create-async-hooks": stream.event returned a Promise');
  });

  test('an async create() is refused when the chain is built', async () => {
    await expect(chainOf('async-create.mjs')).rejects.toThrow('transformer "async-create": create returned a Promise');
  });
});
