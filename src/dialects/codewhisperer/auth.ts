/**
 * Kiro's token file and its refresh, as Kiro's own clients do it. The IDE writes
 * `~/.aws/sso/cache/kiro-auth-token.json`: `accessToken`, `refreshToken`, `expiresAt` (ISO),
 * `profileArn`, `authMethod` (`social` or `IdC`), `provider`, `region`, and for IdC `clientIdHash`
 * naming `<clientIdHash>.json` beside it, which holds `clientId` and `clientSecret`.
 * - social sign-in (Google, GitHub): POST `https://prod.<region>.auth.desktop.kiro.dev/refreshToken`
 *   `{refreshToken}` → `{accessToken, refreshToken?, profileArn?, expiresIn}`;
 * - IdC (Builder ID, IAM Identity Center): POST `https://oidc.<region>.amazonaws.com/token`
 *   `{clientId, clientSecret, refreshToken, grantType: "refresh_token"}` (JSON, camelCase) → the same fields.
 * A refresh token the service refuses (`invalid_grant`, "Invalid refresh token") is dead: only a new
 * sign-in renews it.
 * @see https://github.com/justlovemaki/AIClient-2-API (src/providers/claude/claude-kiro.js: _doTokenRefresh)
 * @see https://github.com/jwadow/kiro-gateway (kiro/auth.py: _refresh_token_kiro_desktop, _do_aws_sso_oidc_refresh)
 */
import { isRecord } from '../read-json';

export interface KiroTokenFile {
  accessToken?: string;
  refreshToken?: string;
  expiresAt?: string;
  profileArn?: string;
  authMethod?: string;
  provider?: string;
  region?: string;
  clientIdHash?: string;
  clientId?: string;
  clientSecret?: string;
  [field: string]: unknown;
}

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
}

export type AuthFlow = 'social' | 'idc';

export interface RefreshRequest {
  flow: AuthFlow;
  url: string;
  body: Record<string, string>;
}

export interface RefreshedToken {
  accessToken: string;
  refreshToken?: string;
  profileArn?: string;
  /** Seconds the new access token lives. */
  expiresIn: number;
}

export type RefreshOutcome = { kind: 'ok'; token: RefreshedToken } | { kind: 'dead'; detail: string } | { kind: 'failed'; detail: string };

const DEFAULT_REGION = 'us-east-1';
/** When the service does not say (AIClient-2-API, kiro-gateway assume the same). */
const DEFAULT_EXPIRES_IN = 3600;

/** IdC when the file says so or carries a client registration; social sign-in otherwise. */
export function authFlowOf(file: KiroTokenFile, registration: ClientRegistration | undefined): AuthFlow {
  const method = file.authMethod?.toLowerCase();
  if (method === 'social') return 'social';
  if (method === 'idc') return 'idc';
  return registration ? 'idc' : 'social';
}

/** The refresh call for this file, or why there is none. `refreshUrl` replaces the service's (tests, a proxy). */
export function refreshRequestFor(file: KiroTokenFile, registration: ClientRegistration | undefined, refreshUrl?: string): RefreshRequest | string {
  if (!file.refreshToken) return 'the token file has no refreshToken';
  const region = file.region || DEFAULT_REGION;
  const flow = authFlowOf(file, registration);
  switch (flow) {
    case 'social':
      return { flow, url: refreshUrl ?? `https://prod.${region}.auth.desktop.kiro.dev/refreshToken`, body: { refreshToken: file.refreshToken } };
    case 'idc':
      if (!registration) return `IdC sign-in needs clientId and clientSecret (in the token file, or in ${file.clientIdHash ?? '<clientIdHash>'}.json beside it)`;
      return {
        flow,
        url: refreshUrl ?? `https://oidc.${region}.amazonaws.com/token`,
        body: { clientId: registration.clientId, clientSecret: registration.clientSecret, refreshToken: file.refreshToken, grantType: 'refresh_token' },
      };
    default: {
      const _exhaustive: never = flow;
      throw new Error(`unknown auth flow ${String(_exhaustive)}`);
    }
  }
}

/** Registration fields (`clientId`, `clientSecret`) in a value: a client registration file, or a token file that carries them itself (kiro-cli exports do). */
export function readRegistration(value: unknown): ClientRegistration | undefined {
  if (!isRecord(value)) return undefined;
  const { clientId, clientSecret } = value;
  return typeof clientId === 'string' && clientId && typeof clientSecret === 'string' && clientSecret ? { clientId, clientSecret } : undefined;
}

/** Sends the refresh; never throws. */
export async function refreshKiroToken(request: RefreshRequest, fetchImpl: typeof fetch, timeoutMs = 15_000): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'failed', detail: `${request.url} unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const detail = `${request.url} answered ${response.status}: ${text.slice(0, 300)}`;
    return isDeadRefreshToken(response.status, text) ? { kind: 'dead', detail } : { kind: 'failed', detail };
  }
  const token = readRefreshed(text);
  return token ? { kind: 'ok', token } : { kind: 'failed', detail: `${request.url} answered without an accessToken: ${text.slice(0, 300)}` };
}

/** A refusal of the refresh token itself, which retrying cannot cure. */
export function isDeadRefreshToken(status: number, bodyText: string): boolean {
  if (status !== 400 && status !== 401 && status !== 403) return false;
  return /invalid_grant/i.test(bodyText) || (/refresh.?token/i.test(bodyText) && /invalid|expired|revoked/i.test(bodyText));
}

function readRefreshed(text: string): RefreshedToken | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Some deployments wrap the answer in `data`.
  const body = isRecord(parsed) && isRecord(parsed.data) && !('accessToken' in parsed) ? parsed.data : parsed;
  if (!isRecord(body) || typeof body.accessToken !== 'string' || !body.accessToken) return undefined;
  const expiresIn = Number(body.expiresIn);
  return {
    accessToken: body.accessToken,
    refreshToken: typeof body.refreshToken === 'string' && body.refreshToken ? body.refreshToken : undefined,
    profileArn: typeof body.profileArn === 'string' && body.profileArn ? body.profileArn : undefined,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN,
  };
}
