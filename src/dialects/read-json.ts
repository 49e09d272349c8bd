/**
 * The start every dialect's readStreamData and readErrorMessage share: one `data:` payload or error
 * body parsed as JSON, with one policy. Text that is not JSON, and JSON that is not an object (a
 * bare string, number or array), is an `api_error` naming what arrived: a provider never sends
 * those on purpose, and skipping them would hide a broken upstream.
 */
import type { ErrorBody } from './anthropic/types';

/** Enough of a broken payload to recognize it in a log, not a whole body. */
const SNIPPET_LENGTH = 200;

export type JsonRead<Value> = { ok: true; value: Value } | { ok: false; error: ErrorBody };

/** Any JSON value; text that is not JSON is an error. */
export function parseJsonPayload(payload: string): JsonRead<unknown> {
  try {
    return { ok: true, value: JSON.parse(payload) };
  } catch {
    return { ok: false, error: payloadError('is not JSON', payload) };
  }
}

/** A JSON object; anything else is an error. */
export function readJsonObject(payload: string): JsonRead<Record<string, unknown>> {
  const read = parseJsonPayload(payload);
  if (!read.ok) return read;
  return isRecord(read.value) ? { ok: true, value: read.value } : { ok: false, error: payloadError('is not a JSON object', payload) };
}

export function payloadError(what: string, payload: string): ErrorBody {
  return { type: 'api_error', message: `upstream sent a stream event that ${what}: ${payload.slice(0, SNIPPET_LENGTH)}` };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
