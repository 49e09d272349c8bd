/**
 * Several transformers' hooks as one: what presets use to pick a dialect plus a few tweaks.
 * Only the hooks some part defines are present on the result, so an empty merge stays empty.
 */
import { composeChain } from './chain';
import type { TransformerHooks } from './types';

export function mergeHooks(parts: readonly TransformerHooks[]): TransformerHooks {
  const chain = composeChain(parts.map((hooks, i) => ({ name: String(i), hooks })));
  const has = (key: keyof TransformerHooks) => parts.some((part) => part[key] !== undefined);
  const merged: TransformerHooks = {};
  if (chain.dialect) merged.dialect = chain.dialect;
  if (has('request')) merged.request = chain.request;
  if (has('upstreamBody')) merged.upstreamBody = chain.upstreamBody;
  if (has('upstreamHeaders')) merged.upstreamHeaders = chain.upstreamHeaders;
  if (has('upstreamResponse')) merged.upstreamResponse = chain.upstreamResponse;
  if (has('response')) merged.response = chain.response;
  if (has('stream')) merged.stream = chain.stream;
  return merged;
}
