/**
 * The provider config's `authentication`, as users of the CodeWhisperer routers write it:
 *
 *     "authentication": { "type": "bearer", "credentials": { "tokenPath": "~/.aws/sso/cache/kiro-auth-token.json" } }
 *     "authentication": { "type": "bearer", "credentials": { "token": "$KIRO_ACCESS_TOKEN" } }
 *
 * `tokenPath` is a Kiro token file, refreshed and written back (token-store.ts); `token` a fixed
 * bearer token. A codewhisperer provider with neither `authentication` nor `api_key` reads the
 * Kiro IDE's file at its default place. Anything else in `authentication` is a config error,
 * named with its path, when the config loads.
 */
import { homedir } from 'node:os';
import { expandPath } from '../../config/locate';
import type { ProviderConfig } from '../../config/schema';
import type { BearerCredential } from '../../dispatch/credential';
import type { DialectId } from '../types';
import { KiroTokenStore, StaticBearer } from './token-store';

/** One credential of a provider's pool, with what names it in logs and /api/status. */
export interface NamedBearer {
  /** The token file's path, or `token` for a fixed one (never the token itself). */
  label: string;
  credential: BearerCredential;
}

/**
 * A provider's bearer credentials: `credentials` is one `{ tokenPath | token }` or a list of them,
 * several Kiro accounts then forming a pool that rotates and fails over like API keys.
 */
/** `baseDir`: the config file's folder, which a relative `tokenPath` is read from (as every path in the config). */
export function bearerCredentialsFor(config: ProviderConfig, dialect: DialectId, apiKeys: readonly string[], baseDir: string): NamedBearer[] | undefined {
  const authentication = (config as { authentication?: unknown }).authentication;
  const where = `Providers "${config.name}": authentication`;
  if (authentication === undefined) {
    return dialect === 'codewhisperer' && apiKeys.length === 0 ? [{ label: 'kiro-auth-token.json', credential: new KiroTokenStore({ label: config.name }) }] : undefined;
  }
  if (typeof authentication !== 'object' || authentication === null) throw new Error(`${where} must be an object`);
  const { type, credentials } = authentication as { type?: unknown; credentials?: unknown };
  if (type !== 'bearer') throw new Error(`${where}.type must be "bearer" (got ${JSON.stringify(type)})`);
  if (Array.isArray(credentials)) {
    if (credentials.length === 0) throw new Error(`${where}.credentials is an empty list`);
    return credentials.map((entry, i) => bearerFrom(entry, config.name, `${where}.credentials[${i}]`, baseDir));
  }
  return [bearerFrom(credentials, config.name, `${where}.credentials`, baseDir)];
}

function bearerFrom(credentials: unknown, provider: string, where: string, baseDir: string): NamedBearer {
  if (typeof credentials !== 'object' || credentials === null) throw new Error(`${where} must be an object with tokenPath or token`);
  const { token, tokenPath, refreshUrl } = credentials as { token?: unknown; tokenPath?: unknown; refreshUrl?: unknown };
  if (refreshUrl !== undefined && typeof refreshUrl !== 'string') throw new Error(`${where}.refreshUrl must be a string`);
  if (typeof token === 'string') {
    if (token.length === 0) throw new Error(`${where}.token is empty (an unset environment variable?)`);
    return { label: 'token', credential: new StaticBearer(token) };
  }
  if (tokenPath !== undefined && (typeof tokenPath !== 'string' || tokenPath.length === 0)) throw new Error(`${where}.tokenPath must be a path`);
  if (token !== undefined) throw new Error(`${where}.token must be a string`);
  const path = tokenPath === undefined ? undefined : expandPath(tokenPath as string, baseDir, homedir());
  return {
    label: (tokenPath as string | undefined) ?? 'kiro-auth-token.json',
    credential: new KiroTokenStore({ label: provider, tokenPath: path, refreshUrl: refreshUrl as string | undefined }),
  };
}
