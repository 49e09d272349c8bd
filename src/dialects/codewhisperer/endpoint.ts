/**
 * Where a CodeWhisperer request goes and how it authenticates, per variant (variant.ts). The key is
 * the bearer access token (token-store.ts), sent as `Authorization: Bearer`. The headers are those
 * the Kiro IDE (aws-sdk-js) and kiro-cli (aws-sdk-rust) send, as public clients reproduce them;
 * the response is `application/vnd.amazon.eventstream` either way, streamed or not.
 * @see https://github.com/hank9999/kiro.rs (src/kiro/endpoint/ide.rs)
 * @see https://github.com/hongyilyu/opencode-kiro-auth (src/constants.ts)
 */
import { createHash } from 'node:crypto';
import { hostname, platform, userInfo } from 'node:os';
import type { Endpoint, EndpointInput } from '../types';
import { codeWhispererVariant } from './variant';

export const GENERATE_PATH = '/generateAssistantResponse';
export const CLI_TARGET = 'AmazonCodeWhispererStreamingService.GenerateAssistantResponse';
const EVENT_STREAM = 'application/vnd.amazon.eventstream';
const KIRO_IDE_VERSION = '0.12.184';
const IDE_SDK_VERSION = '1.0.34';
const KIRO_CLI_VERSION = '2.18.0';

export function codeWhispererEndpoint(input: EndpointInput): Endpoint {
  const variant = codeWhispererVariant(input.baseUrl);
  const common = {
    authorization: `Bearer ${input.apiKey}`,
    'x-amzn-codewhisperer-optout': 'true',
    'x-amzn-kiro-agent-mode': 'vibe',
    'amz-sdk-request': 'attempt=1; max=1',
  };
  switch (variant) {
    case 'ide': {
      const agent = `KiroIDE-${KIRO_IDE_VERSION}-${machineId()}`;
      return {
        url: ideUrl(input.baseUrl),
        headers: {
          'content-type': 'application/json',
          accept: EVENT_STREAM,
          ...common,
          'x-amz-user-agent': `aws-sdk-js/${IDE_SDK_VERSION} ${agent}`,
          'user-agent': `aws-sdk-js/${IDE_SDK_VERSION} ua/2.1 os/${platform()} lang/js md/nodejs#${process.versions.node} api/codewhispererstreaming#${IDE_SDK_VERSION} m/E ${agent}`,
        },
      };
    }
    case 'cli': {
      const agent = `aws-sdk-rust/1.3.15 ua/2.1 api/codewhispererstreaming/0.1.17975 os/${platform()} lang/rust/1.92.0`;
      return {
        url: input.baseUrl.trim(),
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          accept: EVENT_STREAM,
          'x-amz-target': CLI_TARGET,
          ...common,
          'x-amz-user-agent': `${agent} m/F app/AmazonQ-For-CLI`,
          'user-agent': `${agent} md/appVersion-${KIRO_CLI_VERSION} app/AmazonQ-For-CLI`,
        },
      };
    }
    default: {
      const _exhaustive: never = variant;
      throw new Error(`unknown CodeWhisperer variant ${String(_exhaustive)}`);
    }
  }
}

/** The REST operation's path is appended when the configured URL stops at the host. */
function ideUrl(baseUrl: string): string {
  const url = baseUrl.trim().replace(/\/+$/, '');
  return url.endsWith(GENERATE_PATH) ? url : `${url}${GENERATE_PATH}`;
}

let fingerprint: string | undefined;

/** A stable id for this machine in the user agent, as the IDE sends one (a hash, nothing readable). */
function machineId(): string {
  fingerprint ??= createHash('sha256').update(`ccr:${hostname()}:${safeUser()}`).digest('hex');
  return fingerprint;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
