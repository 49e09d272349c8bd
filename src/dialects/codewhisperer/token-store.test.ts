import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../http/errors';
import { bearerCredentialsFor } from './credential-config';

const bearerCredentialFor = (...args: Parameters<typeof bearerCredentialsFor>) => bearerCredentialsFor(...args)?.[0].credential;
import { KiroTokenStore, StaticBearer } from './token-store';

/** A fake Kiro auth service on 127.0.0.1: records what it got, answers what the test says. */
let answer: (body: any, path: string) => { status: number; json: unknown } = () => ({ status: 500, json: {} });
const received: Array<{ path: string; body: any }> = [];
let server: ReturnType<typeof Bun.serve>;
let base: string;
let dir: string;

beforeAll(() => {
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const body = await request.json();
      const path = new URL(request.url).pathname;
      received.push({ path, body });
      const reply = answer(body, path);
      return Response.json(reply.json, { status: reply.status });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));
afterEach(() => {
  received.length = 0;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.parse('2026-03-10T12:00:00Z');
const inMinutes = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function tokenFile(fields: Record<string, unknown>): string {
  dir = mkdtempSync(join(tmpdir(), 'ccr-kiro-'));
  const path = join(dir, 'kiro-auth-token.json');
  writeFileSync(path, JSON.stringify(fields));
  return path;
}

const store = (tokenPath: string, now = () => NOW) => new KiroTokenStore({ label: 'kiro', tokenPath, refreshUrl: `${base}/refreshToken`, now });
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('KiroTokenStore', () => {
  test('a fresh token is used as it is, with the profileArn for social sign-in', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(60), profileArn: 'arn:aws:codewhisperer:us-east-1:1:profile/P', authMethod: 'social' });
    expect(await store(path).current()).toEqual({ token: 'a1', bodyFields: { profileArn: 'arn:aws:codewhisperer:us-east-1:1:profile/P' } });
    expect(received).toEqual([]);
  });

  test('social: refreshed ahead of expiry, written back atomically with the other fields kept', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(3), authMethod: 'social', provider: 'Github', region: 'us-east-1', extra: 'kept' });
    answer = () => ({ status: 200, json: { accessToken: 'a2', refreshToken: 'r2', profileArn: 'arn:p', expiresIn: 3600 } });
    expect((await store(path).current()).token).toBe('a2');
    expect(received).toEqual([{ path: '/refreshToken', body: { refreshToken: 'r1' } }]);
    expect(readJson(path)).toEqual({ accessToken: 'a2', refreshToken: 'r2', expiresAt: inMinutes(60), profileArn: 'arn:p', authMethod: 'social', provider: 'Github', region: 'us-east-1', extra: 'kept' });
    expect(readdirSync(dir)).toEqual(['kiro-auth-token.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test('IdC: the client registration beside the file, camelCase JSON body, no profileArn on requests', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(-1), authMethod: 'IdC', provider: 'BuilderId', clientIdHash: 'abc123', profileArn: 'arn:x' });
    writeFileSync(join(dir, 'abc123.json'), JSON.stringify({ clientId: 'cid', clientSecret: 'csecret', expiresAt: 'later' }));
    answer = () => ({ status: 200, json: { accessToken: 'a2', expiresIn: 600 } });
    expect(await store(path).current()).toEqual({ token: 'a2' });
    expect(received[0].body).toEqual({ clientId: 'cid', clientSecret: 'csecret', refreshToken: 'r1', grantType: 'refresh_token' });
    expect(readJson(path).refreshToken).toBe('r1');
  });

  test('concurrent callers share one refresh', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(1) });
    answer = () => ({ status: 200, json: { accessToken: 'a2', expiresIn: 3600 } });
    const credential = store(path);
    const tokens = await Promise.all([credential.current(), credential.current(), credential.current()]);
    expect(tokens.map((token) => token.token)).toEqual(['a2', 'a2', 'a2']);
    expect(received).toHaveLength(1);
  });

  test('a refused bearer token is refreshed once; other 403s are not', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(60) });
    answer = () => ({ status: 200, json: { accessToken: 'a2', expiresIn: 3600 } });
    const credential = store(path);
    await credential.current();
    expect(await credential.rejected(403, '{"message":"The bearer token included in the request is invalid."}', true)).toBe(true);
    expect((await credential.current()).token).toBe('a2');
    expect(await credential.rejected(403, '{"message":"The bearer token included in the request is invalid."}', false)).toBe(false);
    expect(await credential.rejected(403, '{"message":"Your account is temporarily suspended."}', true)).toBe(false);
    expect(received).toHaveLength(1);
  });

  test('a dead refresh token disables the credential with a clear message, until the file changes', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(-5), authMethod: 'IdC', clientId: 'c', clientSecret: 's' });
    answer = () => ({ status: 400, json: { error: 'invalid_grant', error_description: 'Invalid refresh token provided' } });
    const credential = store(path);
    const first = await credential.current().catch((error) => error);
    expect(first).toBeInstanceOf(ApiError);
    expect(first).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(first.message).toContain('is disabled: its refresh token was refused');
    expect(first.message).toContain('Sign in to Kiro again');
    // Disabled: no more refresh calls.
    await expect(credential.current()).rejects.toMatchObject({ status: 401 });
    expect(received).toHaveLength(1);
    // A new sign-in writes a new file: used again.
    writeFileSync(path, JSON.stringify({ accessToken: 'a9', refreshToken: 'r9', expiresAt: inMinutes(60) }));
    expect((await credential.current()).token).toBe('a9');
  });

  test('a refresh that fails for a while keeps the still-valid access token; an expired one is a 502', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(2) });
    answer = () => ({ status: 503, json: { message: 'unavailable' } });
    expect((await store(path).current()).token).toBe('a1');
    writeFileSync(path, JSON.stringify({ accessToken: 'a1', refreshToken: 'r1', expiresAt: inMinutes(-2) }));
    await expect(store(path).current()).rejects.toMatchObject({ status: 502 });
  });

  test('402 monthly limit sets the credential aside until the month turns', async () => {
    const path = tokenFile({ accessToken: 'a1', refreshToken: 'r1', expiresAt: '2026-04-02T00:00:00Z' });
    let now = NOW;
    const credential = store(path, () => now);
    expect(await credential.rejected(402, '{"message":"You have reached the limit.","reason":"MONTHLY_REQUEST_COUNT"}', true)).toBe(false);
    await expect(credential.current()).rejects.toMatchObject({ status: 402, type: 'billing_error', message: expect.stringContaining('2026-04-01T00:00:00.000Z') });
    now = Date.parse('2026-04-01T00:00:01Z');
    expect((await credential.current()).token).toBe('a1');
  });

  test('a missing file says how to fix it', async () => {
    await expect(store('/nonexistent/kiro-auth-token.json').current()).rejects.toMatchObject({ status: 401, message: expect.stringContaining('sign in to Kiro first') });
  });
});

describe('authentication config', () => {
  const provider = (extra: Record<string, unknown>) => ({ name: 'kiro', api_base_url: 'https://q.us-east-1.amazonaws.com/generateAssistantResponse', ...extra });

  test('token, tokenPath (with ~), the default file for codewhisperer without a key, none otherwise', () => {
    expect(bearerCredentialFor(provider({ authentication: { type: 'bearer', credentials: { token: 't' } } }), 'codewhisperer', [], '/config')).toBeInstanceOf(StaticBearer);
    const fromPath = bearerCredentialFor(provider({ authentication: { type: 'bearer', credentials: { tokenPath: '~/k.json' } } }), 'codewhisperer', [], '/config') as KiroTokenStore;
    expect(fromPath.path).toEndWith('/k.json');
    expect(fromPath.path.startsWith('~')).toBe(false);
    // A relative path is read from the config file's folder, as every path in the config.
    expect((bearerCredentialFor(provider({ authentication: { type: 'bearer', credentials: { tokenPath: 'tokens/k.json' } } }), 'codewhisperer', [], '/config') as KiroTokenStore).path).toBe('/config/tokens/k.json');
    expect((bearerCredentialFor(provider({}), 'codewhisperer', [], '/config') as KiroTokenStore).path).toEndWith('.aws/sso/cache/kiro-auth-token.json');
    expect(bearerCredentialFor(provider({}), 'codewhisperer', ['key'], '/config')).toBeUndefined();
    expect(bearerCredentialFor(provider({}), 'openai', [], '/config')).toBeUndefined();
  });

  test('several credentials form a pool, each named by its token file', () => {
    const pool = bearerCredentialsFor(provider({ authentication: { type: 'bearer', credentials: [{ tokenPath: '/a.json' }, { tokenPath: '/b.json' }] } }), 'codewhisperer', [], '/config')!;
    expect(pool.map((entry) => entry.label)).toEqual(['/a.json', '/b.json']);
    expect(pool.map((entry) => (entry.credential as KiroTokenStore).path)).toEqual(['/a.json', '/b.json']);
    expect(() => bearerCredentialsFor(provider({ authentication: { type: 'bearer', credentials: [] } }), 'codewhisperer', [], '/config')).toThrow('empty list');
  });

  test('a malformed authentication is a clear error', () => {
    expect(() => bearerCredentialFor(provider({ authentication: { type: 'oauth' } }), 'codewhisperer', [], '/config')).toThrow('authentication.type must be "bearer"');
    expect(() => bearerCredentialFor(provider({ authentication: { type: 'bearer', credentials: { token: '' } } }), 'codewhisperer', [], '/config')).toThrow('is empty');
  });
});
