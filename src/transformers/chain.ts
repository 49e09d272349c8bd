/** Composes built transformer hooks into one chain, applied in order. */
import type { StreamEvent } from '../dialects/anthropic/types';
import type { StreamHooks, TransformerChain, TransformerHooks } from './types';

export interface NamedHooks {
  name: string;
  hooks: TransformerHooks;
}

export function composeChain(entries: readonly NamedHooks[]): TransformerChain {
  const hooks = entries.map((entry) => entry.hooks);
  const pick = <K extends keyof TransformerHooks>(key: K) =>
    hooks.filter((hook) => hook[key] !== undefined).map((hook) => hook as Required<Pick<TransformerHooks, K>>);

  const requestHooks = pick('request');
  const bodyHooks = pick('upstreamBody');
  const headerHooks = pick('upstreamHeaders');
  const upstreamResponseHooks = pick('upstreamResponse');
  const responseHooks = pick('response');
  const streamHooks = pick('stream');
  const dialect = hooks.reduce<TransformerHooks['dialect']>((found, hook) => hook.dialect ?? found, undefined);
  const authScheme = hooks.reduce<TransformerHooks['authScheme']>((found, hook) => hook.authScheme ?? found, undefined);
  const systemMessages = hooks.reduce<TransformerHooks['systemMessages']>((found, hook) => hook.systemMessages ?? found, undefined);
  const transforming = requestHooks.length + bodyHooks.length + headerHooks.length + upstreamResponseHooks.length + responseHooks.length + streamHooks.length;

  return {
    names: entries.map((entry) => entry.name),
    dialect,
    authScheme,
    systemMessages,
    isEmpty: transforming === 0,
    hasStreamHooks: streamHooks.length > 0,
    // A step no transformer hooks passes its value through: no closure and no reduce on every request.
    request: requestHooks.length === 0 ? same : (request, ctx) => requestHooks.reduce((value, hook) => hook.request(value, ctx), request),
    upstreamBody: bodyHooks.length === 0 ? same : (body, ctx) => bodyHooks.reduce((value, hook) => hook.upstreamBody(value, ctx), body),
    upstreamHeaders: headerHooks.length === 0 ? same : (headers, ctx) => headerHooks.reduce((value, hook) => hook.upstreamHeaders(value, ctx), headers),
    upstreamResponse:
      upstreamResponseHooks.length === 0 ? same : (body, ctx) => upstreamResponseHooks.reduce((value, hook) => hook.upstreamResponse(value, ctx), body),
    response: responseHooks.length === 0 ? same : (response, ctx) => responseHooks.reduce((value, hook) => hook.response(value, ctx), response),
    stream: (ctx) => composeStreamHooks(streamHooks.map((hook) => hook.stream(ctx))),
  };
}

const same = <T>(value: T): T => value;

type EventFn = (event: StreamEvent) => StreamEvent[];
type ChunkFn = (chunk: unknown) => unknown[];

/** Feeds `items` through `fns[from…]`, each stage's output into the next, without a spread per item. */
function runStages<T>(fns: readonly ((item: T) => T[])[], items: T[], from: number): T[] {
  let current = items;
  for (let i = from; i < fns.length; i++) {
    const fn = fns[i];
    if (current.length === 1) {
      current = fn(current[0]);
      continue;
    }
    const next: T[] = [];
    for (const item of current) {
      const out = fn(item);
      for (let j = 0; j < out.length; j++) next.push(out[j]);
    }
    current = next;
  }
  return current;
}

/** One function for the whole pipeline: the stage itself when there is one, no wrapper array at all. */
function pipeline<T>(fns: readonly ((item: T) => T[])[]): (item: T) => T[] {
  if (fns.length === 0) return (item) => [item];
  if (fns.length === 1) return fns[0];
  const first = fns[0];
  return (item) => runStages(fns, first(item), 1);
}

/** Runs once per streamed response: every per-event path is settled here, not per event. */
function composeStreamHooks(stages: readonly StreamHooks[]): Required<StreamHooks> {
  const chunkFns: ChunkFn[] = [];
  const eventFns: EventFn[] = [];
  // Each `end` flushes through the event functions of the stages after its own.
  const ends: Array<{ end: () => StreamEvent[]; from: number }> = [];
  for (const stage of stages) {
    if (stage.chunk) chunkFns.push(stage.chunk.bind(stage));
    if (stage.event) eventFns.push(stage.event.bind(stage));
    if (stage.end) ends.push({ end: stage.end.bind(stage), from: eventFns.length });
  }

  return {
    chunk: pipeline(chunkFns),
    event: pipeline(eventFns),
    end() {
      const flushed: StreamEvent[] = [];
      for (const { end, from } of ends) {
        const out = runStages(eventFns, end(), from);
        for (let i = 0; i < out.length; i++) flushed.push(out[i]);
      }
      return flushed;
    },
  };
}
