/** The admin usage API's query parameters, read and checked; a bad one is a 400 naming it. */
import type { Granularity, SessionCursor, TimeRange } from '../usage/queries';
import { decodeCursor } from '../usage/queries';
import { ApiError } from './errors';

type Query = Record<string, string | undefined>;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `since` (inclusive) and `until` (exclusive): an ISO 8601 date or time, or ms since the epoch. */
export function timeRangeOf(query: Query): TimeRange {
  const since = instantOf(query, 'since');
  const until = instantOf(query, 'until');
  if (since !== undefined && until !== undefined && since >= until) throw new ApiError(400, 'since: must be before until');
  return { ...(since !== undefined && { since }), ...(until !== undefined && { until }) };
}

export function granularityOf(query: Query): Granularity | undefined {
  const group = query.group?.trim();
  if (!group) return undefined;
  if (group === 'day' || group === 'hour') return group;
  throw new ApiError(400, `group: "${group}" is not one of day, hour`);
}

export interface PageParams {
  limit: number;
  offset?: number;
  cursor?: SessionCursor;
}

export function pageOf(query: Query): PageParams {
  const limit = integerOf(query, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const offset = integerOf(query, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const cursorText = query.cursor?.trim();
  if (!cursorText) return { limit, ...(offset !== undefined && { offset }) };
  if (offset !== undefined) throw new ApiError(400, 'offset: give offset or cursor, not both');
  const cursor = decodeCursor(cursorText);
  if (!cursor) throw new ApiError(400, 'cursor: not a cursor this API gave (use nextCursor from the previous page)');
  return { limit, cursor };
}

function instantOf(query: Query, name: string): number | undefined {
  const text = query[name]?.trim();
  if (!text) return undefined;
  const ms = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms)) throw new ApiError(400, `${name}: "${text}" is neither an ISO 8601 date nor ms since the epoch`);
  return ms;
}

function integerOf(query: Query, name: string, min: number, max: number): number | undefined {
  const text = query[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new ApiError(400, `${name}: "${text}" is not a whole number from ${min} to ${max}`);
  return value;
}
