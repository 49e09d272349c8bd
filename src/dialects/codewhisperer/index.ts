/**
 * The `codewhisperer` dialect (transformer names `codewhisperer` and `kiro`): AWS CodeWhisperer /
 * Amazon Q Developer / Kiro `generateAssistantResponse`, whose answers come in the AWS event-stream
 * framing rather than SSE (read-stream.ts), streamed or not.
 * @see ../../../test/fixtures/codewhisperer/README.md
 */
import type { Dialect } from '../types';
import { convertAnthropicToCodeWhisperer } from './convert-request';
import { convertCodeWhispererToAnthropic } from './convert-response';
import { codeWhispererEndpoint } from './endpoint';
import { readCodeWhispererErrorMessage } from './errors';
import { createCodeWhispererStreamReader, readCodeWhispererStreamData } from './read-stream';
import { createCodeWhispererStreamConverter } from './stream-converter';
import type { CodeWhispererEvent, CodeWhispererRequest } from './types';

export const codewhispererDialect: Dialect<CodeWhispererRequest, CodeWhispererEvent[], CodeWhispererEvent> = {
  id: 'codewhisperer',
  endpoint: codeWhispererEndpoint,
  convertRequest: convertAnthropicToCodeWhisperer,
  convertResponse: convertCodeWhispererToAnthropic,
  createStreamConverter: createCodeWhispererStreamConverter,
  readStreamData: readCodeWhispererStreamData,
  readErrorMessage: readCodeWhispererErrorMessage,
  createStreamReader: createCodeWhispererStreamReader,
};
