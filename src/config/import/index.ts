/**
 * Configs of the routers users come from, converted to ccr's: which format a file is in, and its
 * converter. Each converter is pure and returns what it could not carry.
 */
import { convertCodeWhispererRouterConfig } from './codewhisperer-router';
import { convertDualServerConfig } from './dual-server';
import { record, type ImportResult } from './shared';

export type ImportFormat = 'dual-server' | 'codewhisperer-router';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['dual-server', 'codewhisperer-router'];
export type { ImportResult } from './shared';

/**
 * `routing.rules` or `routing.providers` is the CodeWhisperer router's; categories straight under
 * `routing` with a top-level `providers` map are the dual-server router's. A file with
 * `Providers` is ccr's own (claude-code-router's) already.
 */
export function detectImportFormat(raw: unknown): ImportFormat | 'ccr' | undefined {
  const source = record(raw);
  if (Array.isArray(source.Providers) || Array.isArray(source.providers) || source.Router !== undefined) return 'ccr';
  const routing = record(source.routing);
  if (routing.rules !== undefined || routing.providers !== undefined || routing.customRules !== undefined) return 'codewhisperer-router';
  if (Object.keys(routing).length > 0 || Object.keys(record(source.providers)).length > 0) return 'dual-server';
  return undefined;
}

export function importConfig(raw: unknown, format: ImportFormat): ImportResult {
  switch (format) {
    case 'dual-server':
      return convertDualServerConfig(raw);
    case 'codewhisperer-router':
      return convertCodeWhispererRouterConfig(raw);
    default: {
      const _exhaustive: never = format;
      throw new Error(`unknown format ${String(_exhaustive)}`);
    }
  }
}
