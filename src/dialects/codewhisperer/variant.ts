/**
 * CodeWhisperer is reached two ways, told apart by the configured `api_base_url`:
 * - `ide`: the Kiro IDE's REST JSON endpoint, `https://q.<region>.amazonaws.com/generateAssistantResponse`
 *   (older: `codewhisperer.us-east-1.amazonaws.com`), body `origin: "AI_EDITOR"`;
 * - `cli`: kiro-cli's awsJson1.0 endpoint, `https://runtime.<region>.kiro.dev/`, with
 *   `x-amz-target: AmazonCodeWhispererStreamingService.GenerateAssistantResponse`, body `origin: "KIRO_CLI"`.
 * @see ../../../test/fixtures/codewhisperer/README.md (sources for both)
 */
import type { CodeWhispererOrigin } from './types';

export type CodeWhispererVariant = 'ide' | 'cli';

export function codeWhispererVariant(baseUrl: string | undefined): CodeWhispererVariant {
  if (!baseUrl) return 'ide';
  try {
    const host = new URL(baseUrl.trim()).hostname.toLowerCase();
    return host === 'kiro.dev' || host.endsWith('.kiro.dev') ? 'cli' : 'ide';
  } catch {
    return 'ide';
  }
}

export function originOf(variant: CodeWhispererVariant): CodeWhispererOrigin {
  switch (variant) {
    case 'ide':
      return 'AI_EDITOR';
    case 'cli':
      return 'KIRO_CLI';
    default: {
      const _exhaustive: never = variant;
      throw new Error(`unknown CodeWhisperer variant ${String(_exhaustive)}`);
    }
  }
}
