/**
 * Which call a `tool_calls` entry belongs to: the one rule the stream converter and the direct
 * conversion of a whole response share. Entries with the same `index` are pieces of one call,
 * unless a new id arrives for a call that already has a name (some providers number every
 * parallel call 0). Entries without `index` are numbered by position (providers that send whole
 * calls). The first id and the first name a call gets are kept.
 */
import type { OpenAIToolCallDelta } from './types';

export interface ToolCallIdentity {
  /** The id the upstream gave, if any. */
  upstreamId: string | undefined;
  /** The upstream's (safe) name, once known. */
  name: string | undefined;
}

export interface ToolCallSlots<Call extends ToolCallIdentity> {
  /** Every call, in the order each first appeared. */
  calls: Call[];
  /** The call each upstream `index` currently refers to. */
  byIndex: Map<number, Call>;
}

/** The call `entry` continues, or a new one made by `create` and added to `slots`. */
export function matchToolCall<Call extends ToolCallIdentity>(slots: ToolCallSlots<Call>, entry: OpenAIToolCallDelta, position: number, create: () => Call): Call {
  const index = typeof entry.index === 'number' ? entry.index : position;
  const id = entry.id || undefined;
  let call = slots.byIndex.get(index);
  if (call !== undefined && id !== undefined && call.upstreamId !== undefined && id !== call.upstreamId && call.name !== undefined) call = undefined;
  if (call === undefined) {
    call = create();
    slots.calls.push(call);
    slots.byIndex.set(index, call);
  }
  if (id !== undefined && call.upstreamId === undefined) call.upstreamId = id;
  const name = entry.function?.name;
  if (name && call.name === undefined) call.name = name;
  return call;
}
