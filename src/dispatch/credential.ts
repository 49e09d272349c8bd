/**
 * A provider credential that is not a fixed API key: a bearer token that expires and is refreshed
 * (CodeWhisperer / Kiro's, src/dialects/codewhisperer/token-store.ts). Dispatch asks it for the
 * current token at each call, and tells it when the upstream refused the token.
 */
export interface BearerCredential {
  /**
   * The token to send now, refreshed first when it is about to expire, and any top-level fields
   * the upstream body must carry for this account (CodeWhisperer's `profileArn`). Rejects with an
   * ApiError when the credential cannot be used (refresh token refused, monthly limit reached…).
   */
  current(): Promise<ResolvedCredential>;
  /**
   * The upstream answered `status` with `bodyText`: true when the credential did something that
   * makes one more try worth it (a refused token was refreshed; only when `mayRetry`, so once per
   * request). Also where a credential learns it is spent (402 monthly limit) and sets itself aside.
   */
  rejected(status: number, bodyText: string, mayRetry: boolean): Promise<boolean>;
}

export interface ResolvedCredential {
  token: string;
  bodyFields?: Record<string, string>;
}
