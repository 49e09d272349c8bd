/**
 * User transformers from the config's `transformers: [{ path, options }]`. A module (ESM or
 * CommonJS) exports, as default or as the module itself, one of:
 * 1. a definition: `{ name, create(options) → hooks }` (ccr's own shape, see types.ts);
 * 2. a class instantiated with `options`, or an object (which takes no options), with `name` and
 *    any of ccr's hooks (`request`, `upstreamBody`, `upstreamHeaders`, `upstreamResponse`,
 *    `response`, `stream`);
 * 3. a claude-code-router transformer: `name` and `transformRequestIn(request, provider)`, whose
 *    result is sent as the upstream body. Supported: a synchronous `transformRequestIn` (it
 *    receives the OpenAI-format body and `{ name, model }`). Not supported: `transformResponseOut`
 *    and `transformRequestOut`/`transformResponseIn` (they work on fetch Responses), `endPoint`, and
 *    async methods (ccr's hooks are synchronous).
 * Any failure to load throws a TransformerLoadError naming the path and the reason. ccr's hooks are
 * synchronous: an `async` method is refused at load time, and every user hook is wrapped by
 * guardSync, so one that returns a Promise anyway fails loudly instead of sending `{}` upstream.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomTransformerConfig } from '../config/schema';
import { isRecord } from './options';
import type { StreamHooks, TransformerDefinition, TransformerHooks, TransformerOptions } from './types';

export class TransformerLoadError extends Error {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`cannot load transformer ${path}: ${reason}`);
    this.name = 'TransformerLoadError';
    this.path = path;
    this.reason = reason;
  }
}

const HOOK_NAMES = ['request', 'upstreamBody', 'upstreamHeaders', 'upstreamResponse', 'response', 'stream'] as const;
const UNSUPPORTED_CCR_METHODS = ['transformResponseOut', 'transformRequestOut', 'transformResponseIn'] as const;

type Instance = Record<string, unknown>;
type Constructor = new (options: TransformerOptions) => Instance;

function resolveTransformerPath(path: string, baseDir: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

/** The modules, in order; name clashes are createRegistry's to refuse. */
export async function loadCustomTransformers(entries: readonly CustomTransformerConfig[], baseDir: string): Promise<TransformerDefinition[]> {
  const loaded: TransformerDefinition[] = [];
  for (const entry of entries) loaded.push(await loadOne(entry, baseDir));
  return loaded;
}

async function loadOne(entry: CustomTransformerConfig, baseDir: string): Promise<TransformerDefinition> {
  const fullPath = resolveTransformerPath(entry.path, baseDir);
  const fail = (reason: string) => new TransformerLoadError(entry.path, reason);
  if (!existsSync(fullPath)) throw fail(`file not found (${fullPath})`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(fullPath).href)) as Record<string, unknown>;
  } catch (error) {
    throw fail(`the module failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
  const exported = module.default ?? module;
  return toDefinition(exported, entry.options ?? {}, entry.path, fail);
}

function instantiate(exported: unknown, options: TransformerOptions, fail: (reason: string) => Error): Instance {
  if (typeof exported === 'function') {
    try {
      return new (exported as Constructor)(options);
    } catch (error) {
      throw fail(`the constructor threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (isRecord(exported)) return exported;
  throw fail('the module exports neither a class nor an object');
}

function nameOf(instance: Instance, exported: unknown): unknown {
  return instance.name ?? (exported as { TransformerName?: unknown }).TransformerName;
}

function isAsync(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor.name === 'AsyncFunction';
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** `fn`, refusing a Promise (or any thenable) as its result: JSON.stringify would send it as `{}`. */
function guardSync<Args extends unknown[], Result>(name: string, hookName: string, fn: (...args: Args) => Result): (...args: Args) => Result {
  return (...args) => {
    const result = fn(...args);
    if (isThenable(result)) throw new Error(`transformer "${name}": ${hookName} returned a Promise; ccr's transformer hooks must return their result synchronously`);
    return result;
  };
}

function guardStreamHooks(name: string, hooks: StreamHooks): StreamHooks {
  const guarded: StreamHooks = {};
  if (typeof hooks.chunk === 'function') guarded.chunk = guardSync(name, 'stream.chunk', hooks.chunk.bind(hooks));
  if (typeof hooks.event === 'function') guarded.event = guardSync(name, 'stream.event', hooks.event.bind(hooks));
  if (typeof hooks.end === 'function') guarded.end = guardSync(name, 'stream.end', hooks.end.bind(hooks));
  return guarded;
}

/** The user's hooks, each behind guardSync; `dialect` and `authScheme` are data and pass as they are. */
function guardHooks(name: string, hooks: Record<string, unknown>): TransformerHooks {
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hooks)) {
    if (typeof value !== 'function') guarded[key] = value;
    else if (key === 'stream') guarded.stream = (ctx: unknown) => guardStreamHooks(name, guardSync(name, 'stream', value as (ctx: unknown) => StreamHooks)(ctx));
    else guarded[key] = guardSync(name, key, value as (...args: unknown[]) => unknown);
  }
  return guarded as TransformerHooks;
}

function toDefinition(exported: unknown, configOptions: TransformerOptions, path: string, fail: (reason: string) => Error): TransformerDefinition {
  const first = instantiate(exported, configOptions, fail);
  const name = nameOf(first, exported);
  if (typeof name !== 'string' || name.trim() === '') throw fail('it has no name (export a `name` string)');

  if (typeof first.create === 'function') {
    const create = first.create as (options: TransformerOptions) => TransformerHooks;
    return {
      name,
      description: typeof first.description === 'string' ? first.description : undefined,
      options: isRecord(first.options) ? (first.options as Record<string, string>) : undefined,
      source: path,
      create(options) {
        const hooks = guardSync(name, 'create', create.bind(first))({ ...configOptions, ...options });
        if (!isRecord(hooks)) throw new Error(`transformer "${name}": create must return an object of hooks`);
        return guardHooks(name, hooks);
      },
    };
  }

  const hookNames = HOOK_NAMES.filter((hook) => typeof first[hook] === 'function');
  const hasRequestIn = typeof first.transformRequestIn === 'function';
  if (hookNames.length === 0 && !hasRequestIn && typeof first.dialect !== 'string') {
    throw fail(`it defines none of the hooks (${HOOK_NAMES.join(', ')}) nor transformRequestIn`);
  }
  const asyncHook = [...hookNames, ...(hasRequestIn ? ['transformRequestIn'] : [])].find((hook) => isAsync(first[hook]));
  if (asyncHook) throw fail(`${asyncHook} is async; transformer hooks must return their result synchronously`);

  const ignored = UNSUPPORTED_CCR_METHODS.filter((method) => typeof first[method] === 'function');
  const description = [typeof first.description === 'string' ? first.description : undefined, ignored.length ? `ignored (not supported): ${ignored.join(', ')}` : undefined]
    .filter(Boolean)
    .join('; ');

  // An object is used as it is: options would have nowhere to go.
  const isClass = typeof exported === 'function';
  const optionsRefused = () => fail('an object export takes no per-chain options; export a class or { name, create }');
  if (!isClass && Object.keys(configOptions).length > 0) throw optionsRefused();

  return {
    name,
    description: description || undefined,
    source: path,
    create(options) {
      if (Object.keys(options).length === 0) return hooksOf(first, hookNames, hasRequestIn, name);
      if (!isClass) throw optionsRefused();
      return hooksOf(instantiate(exported, { ...configOptions, ...options }, fail), hookNames, hasRequestIn, name);
    },
  };
}

function hooksOf(instance: Instance, hookNames: readonly (typeof HOOK_NAMES)[number][], hasRequestIn: boolean, name: string): TransformerHooks {
  const hooks: Record<string, unknown> = {};
  if (typeof instance.dialect === 'string') hooks.dialect = instance.dialect;
  for (const hook of hookNames) hooks[hook] = (instance[hook] as (...args: unknown[]) => unknown).bind(instance);
  if (hasRequestIn && !hooks.upstreamBody) {
    const transformRequestIn = guardSync(name, 'transformRequestIn', (instance.transformRequestIn as (body: unknown, provider: unknown) => unknown).bind(instance));
    hooks.upstreamBody = (body: Record<string, unknown>, ctx: { provider: string; model: string }) => {
      const result = transformRequestIn(body, { name: ctx.provider, model: ctx.model });
      // Newer musistudio/llms versions return `{ body, config }`.
      if (isRecord(result) && isRecord(result.body) && 'config' in result) return result.body;
      return isRecord(result) ? result : body;
    };
  }
  return guardHooks(name, hooks);
}
