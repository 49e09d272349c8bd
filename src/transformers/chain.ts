/** Composes built transformer hooks into one chain, applied in order. */
import type { StreamEvent } from '../dialects/anthropic/types';
import type { StreamHooks, TransformerChain, TransformerContext, TransformerHooks } from './types';

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
  const transforming = requestHooks.length + bodyHooks.length + headerHooks.length + upstreamResponseHooks.length + responseHooks.length + streamHooks.length;

  return {
    names: entries.map((entry) => entry.name),
    dialect,
    authScheme,
    isEmpty: transforming === 0,
    hasStreamHooks: streamHooks.length > 0,
    request: (request, ctx) => requestHooks.reduce((value, hook) => hook.request(value, ctx), request),
    upstreamBody: (body, ctx) => bodyHooks.reduce((value, hook) => hook.upstreamBody(value, ctx), body),
    upstreamHeaders: (headers, ctx) => headerHooks.reduce((value, hook) => hook.upstreamHeaders(value, ctx), headers),
    upstreamResponse: (body, ctx) => upstreamResponseHooks.reduce((value, hook) => hook.upstreamResponse(value, ctx), body),
    response: (response, ctx) => responseHooks.reduce((value, hook) => hook.response(value, ctx), response),
    stream: (ctx) => composeStreamHooks(streamHooks.map((hook) => hook.stream(ctx))),
  };
}

function composeStreamHooks(stages: StreamHooks[]): Required<StreamHooks> {
  const chunkStages = stages.filter((stage) => stage.chunk);
  const eventStages = stages.filter((stage) => stage.event || stage.end);

  const runEvents = (events: StreamEvent[], from: number): StreamEvent[] => {
    let current = events;
    for (let i = from; i < eventStages.length; i++) {
      const stage = eventStages[i];
      if (!stage.event) continue;
      const next: StreamEvent[] = [];
      for (const event of current) next.push(...stage.event(event));
      current = next;
    }
    return current;
  };

  return {
    chunk(chunk) {
      let current: unknown[] = [chunk];
      for (const stage of chunkStages) {
        const next: unknown[] = [];
        for (const item of current) next.push(...stage.chunk!(item));
        current = next;
      }
      return current;
    },
    event: (event) => runEvents([event], 0),
    end() {
      // What an earlier stage flushes still passes through the stages after it.
      const flushed: StreamEvent[] = [];
      eventStages.forEach((stage, i) => {
        if (stage.end) flushed.push(...runEvents(stage.end(), i + 1));
      });
      return flushed;
    },
  };
}

export const emptyChain: TransformerChain = composeChain([]);

export type { TransformerContext };
