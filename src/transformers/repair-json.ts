/**
 * Tool-call arguments as a JSON object, repaired when a model wrote them badly (truncated, single
 * quotes, trailing commas, unquoted keys).
 * @see https://github.com/josdejong/jsonrepair
 */
import type { jsonrepair as JsonRepair } from 'jsonrepair';
import { isRecord } from './options';

/** Loaded on the first broken JSON: most routers never see one, and the library weighs ~7 MB in memory. */
let repairJson: typeof JsonRepair | undefined;

export type RepairedArguments = { json: string; repaired: boolean } | { json: '{}'; repaired: false; failed: true };

/** `text` if it is a JSON object already; else the repaired object; else `{}` with `failed`. */
export function repairArgumentsJson(text: string): RepairedArguments {
  if (text.trim() === '') return { json: '{}', repaired: false, failed: true };
  try {
    if (isRecord(JSON.parse(text))) return { json: text, repaired: false };
  } catch {
    // Not valid JSON: repaired below.
  }
  try {
    repairJson ??= (require('jsonrepair') as { jsonrepair: typeof JsonRepair }).jsonrepair;
    const repaired = repairJson(text);
    if (isRecord(JSON.parse(repaired))) return { json: repaired, repaired: true };
  } catch {
    // Beyond repair: the caller reports it.
  }
  return { json: '{}', repaired: false, failed: true };
}

/** The arguments as an object, repaired if need be; undefined when beyond repair. */
export function parseRepairedArguments(text: string): Record<string, unknown> | undefined {
  const result = repairArgumentsJson(text);
  return 'failed' in result ? undefined : (JSON.parse(result.json) as Record<string, unknown>);
}
