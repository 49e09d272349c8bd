/**
 * One Kiro credential: its token file read, the access token refreshed ahead of expiry and once
 * when the service refuses it, the refreshed token written back atomically (temporary file, then
 * rename) with every other field of the file kept, so the Kiro IDE and ccr can share the file.
 * A refresh token the service refuses disables the credential with a message saying how to renew
 * it; it is used again as soon as the file holds another one (a new sign-in). A monthly request
 * limit (402 MONTHLY_REQUEST_COUNT) sets the credential aside until the month turns (UTC).
 * All I/O is injectable (`fetch`, `now`, the file path) for tests.
 * @see ./auth.ts for the file and the refresh calls
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BearerCredential, ResolvedCredential } from '../../dispatch/credential';
import { ApiError } from '../../http/errors';
import { authFlowOf, readRegistration, refreshKiroToken, refreshRequestFor, type ClientRegistration, type KiroTokenFile } from './auth';
import { MONTHLY_LIMIT_REASON } from './errors';

export const DEFAULT_TOKEN_PATH = join(homedir(), '.aws', 'sso', 'cache', 'kiro-auth-token.json');

/** Refresh this long before `expiresAt` (Kiro clients use 5 to 10 minutes). */
const REFRESH_AHEAD_MS = 5 * 60_000;

/** What the service says when the access token itself is refused (kiro.rs is_bearer_token_invalid). */
const BEARER_INVALID = /bearer token included in the request is invalid|token (?:has )?expired|invalid (?:bearer|access) token/i;

export interface KiroTokenStoreOptions {
  /** Names the credential in messages (the provider's name). */
  label: string;
  tokenPath?: string;
  /** Replaces the refresh endpoint of both flows (tests, a proxy). */
  refreshUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

interface Disabled {
  status: number;
  type: 'authentication_error' | 'billing_error';
  message: string;
  /** Used again from then on (the monthly limit). */
  until?: number;
  /** Used again once the file holds another refresh token (a dead one). */
  deadRefreshToken?: string;
}

export class KiroTokenStore implements BearerCredential {
  readonly path: string;
  private file: KiroTokenFile | undefined;
  /** When the file was last read: another client writing it (a new sign-in, the IDE's refresh) is noticed. */
  private readMtimeMs: number | undefined;
  private disabled: Disabled | undefined;
  private refreshing: Promise<KiroTokenFile> | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: KiroTokenStoreOptions) {
    this.path = options.tokenPath ?? DEFAULT_TOKEN_PATH;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  async current(): Promise<ResolvedCredential> {
    await this.checkDisabled();
    let file = this.file !== undefined && (await this.unchangedOnDisk()) ? this.file : await this.read();
    if (!this.isFresh(file)) {
      // Another client (the Kiro IDE) may have refreshed it already.
      file = await this.read();
      if (!this.isFresh(file)) file = await this.refresh(file, false);
    }
    return this.resolve(file);
  }

  async rejected(status: number, bodyText: string, mayRetry: boolean): Promise<boolean> {
    if (status === 402 && bodyText.includes(MONTHLY_LIMIT_REASON)) {
      const until = firstOfNextMonth(this.now());
      this.disabled = {
        status: 402,
        type: 'billing_error',
        message: `Kiro credential "${this.options.label}" has used its monthly requests (${MONTHLY_LIMIT_REASON}); it is set aside until ${new Date(until).toISOString()}`,
        until,
      };
      return false;
    }
    if (!mayRetry || (status !== 401 && status !== 403) || !BEARER_INVALID.test(bodyText)) return false;
    const used = this.file?.accessToken;
    const onDisk = await this.read().catch(() => undefined);
    if (onDisk?.accessToken && onDisk.accessToken !== used && this.isFresh(onDisk)) return true;
    try {
      await this.refresh(onDisk ?? this.file ?? {}, true);
      return true;
    } catch {
      return false;
    }
  }

  private resolve(file: KiroTokenFile): ResolvedCredential {
    if (!file.accessToken) throw this.unusable(`${this.path} holds no accessToken`);
    // The service wants the profile on social sign-in; IdC requests go without (kiro.rs inject_profile_arn).
    const withProfile = file.profileArn && authFlowOf(file, readRegistration(file)) === 'social' && !file.clientIdHash;
    return withProfile ? { token: file.accessToken, bodyFields: { profileArn: file.profileArn! } } : { token: file.accessToken };
  }

  /** A token with no `expiresAt` is used until the service refuses it. */
  private isFresh(file: KiroTokenFile): boolean {
    if (!file.accessToken) return false;
    if (!file.expiresAt) return true;
    const expires = Date.parse(file.expiresAt);
    return Number.isNaN(expires) || expires - this.now() > REFRESH_AHEAD_MS;
  }

  private isExpired(file: KiroTokenFile): boolean {
    const expires = file.expiresAt ? Date.parse(file.expiresAt) : Number.NaN;
    return !file.accessToken || (!Number.isNaN(expires) && expires <= this.now());
  }

  /** One refresh at a time; concurrent callers share it. */
  private refresh(file: KiroTokenFile, forced: boolean): Promise<KiroTokenFile> {
    this.refreshing ??= this.doRefresh(file, forced).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(file: KiroTokenFile, forced: boolean): Promise<KiroTokenFile> {
    const registration = readRegistration(file) ?? (await this.readRegistration(file));
    const request = refreshRequestFor(file, registration, this.options.refreshUrl);
    if (typeof request === 'string') {
      if (!forced && !this.isExpired(file)) return file;
      throw this.unusable(`cannot refresh the token in ${this.path}: ${request}`);
    }
    const outcome = await refreshKiroToken(request, this.fetchImpl);
    switch (outcome.kind) {
      case 'ok': {
        const updates: KiroTokenFile = {
          accessToken: outcome.token.accessToken,
          refreshToken: outcome.token.refreshToken ?? file.refreshToken,
          expiresAt: new Date(this.now() + outcome.token.expiresIn * 1000).toISOString(),
        };
        if (outcome.token.profileArn) updates.profileArn = outcome.token.profileArn;
        const next = await this.writeBack(updates);
        this.file = next;
        return next;
      }
      case 'dead':
        this.disabled = {
          status: 401,
          type: 'authentication_error',
          message: `Kiro credential "${this.options.label}" is disabled: its refresh token was refused (${outcome.detail}). Sign in to Kiro again (the Kiro IDE, or kiro-cli login) to renew ${this.path}; ccr uses it as soon as the file changes.`,
          deadRefreshToken: file.refreshToken,
        };
        throw new ApiError(401, this.disabled.message, { type: 'authentication_error' });
      case 'failed':
        // The access token still works for a while: keep using it rather than fail the request.
        if (!forced && !this.isExpired(file)) return file;
        throw new ApiError(502, `Kiro credential "${this.options.label}": the token could not be refreshed: ${outcome.detail}`);
      default: {
        const _exhaustive: never = outcome;
        throw new Error(`unknown refresh outcome ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  private async checkDisabled(): Promise<void> {
    const disabled = this.disabled;
    if (!disabled) return;
    if (disabled.until !== undefined && this.now() >= disabled.until) {
      this.disabled = undefined;
      return;
    }
    if (disabled.deadRefreshToken !== undefined) {
      const file = await this.read().catch(() => undefined);
      if (file && (file.refreshToken !== disabled.deadRefreshToken || this.isFresh(file))) {
        this.disabled = undefined;
        return;
      }
    }
    throw new ApiError(disabled.status, disabled.message, { type: disabled.type });
  }

  private async unchangedOnDisk(): Promise<boolean> {
    try {
      return (await stat(this.path)).mtimeMs === this.readMtimeMs;
    } catch {
      return true;
    }
  }

  private async read(): Promise<KiroTokenFile> {
    let text: string;
    try {
      this.readMtimeMs = (await stat(this.path)).mtimeMs;
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw this.unusable(`cannot read ${this.path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): sign in to Kiro first, or set authentication.credentials.tokenPath`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.unusable(`${this.path} is not JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw this.unusable(`${this.path} is not a JSON object`);
    this.file = parsed as KiroTokenFile;
    return this.file;
  }

  /** IdC's client registration: `<clientIdHash>.json` beside the token file. */
  private async readRegistration(file: KiroTokenFile): Promise<ClientRegistration | undefined> {
    if (!file.clientIdHash || /[/\\]/.test(file.clientIdHash)) return undefined;
    try {
      return readRegistration(JSON.parse(await readFile(join(dirname(this.path), `${file.clientIdHash}.json`), 'utf8')));
    } catch {
      return undefined;
    }
  }

  /** Merges `updates` into the file as it is on disk now, written to a temporary file then renamed over it. */
  private async writeBack(updates: KiroTokenFile): Promise<KiroTokenFile> {
    const onDisk = await this.read().catch(() => this.file ?? {});
    const next = { ...onDisk, ...updates };
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.path);
      this.readMtimeMs = (await stat(this.path)).mtimeMs;
    } catch (error) {
      await unlink(temporary).catch(() => {});
      // The new token works in memory; only the next start would miss it.
      this.file = next;
      throw new ApiError(500, `Kiro credential "${this.options.label}": refreshed, but ${this.path} could not be written: ${String(error)}`);
    }
    return next;
  }

  private unusable(why: string): ApiError {
    return new ApiError(401, `Kiro credential "${this.options.label}": ${why}`, { type: 'authentication_error' });
  }
}

/** A fixed token from the config: nothing to refresh. */
export class StaticBearer implements BearerCredential {
  constructor(private readonly token: string) {}

  async current(): Promise<ResolvedCredential> {
    return { token: this.token };
  }

  async rejected(): Promise<boolean> {
    return false;
  }
}

function firstOfNextMonth(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
