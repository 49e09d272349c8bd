/**
 * CodeWhisperer has no JSON response: every answer is an event stream, which dispatch reads with
 * the dialect's stream reader even for a client that asked for no stream. This folds the decoded
 * events through the stream converter into one message, so both paths agree.
 */
import { assembleMessage } from '../anthropic/assemble-message';
import type { MessageResponse } from '../anthropic/types';
import type { ConversionContext } from '../types';
import { createCodeWhispererStreamConverter } from './stream-converter';
import type { CodeWhispererEvent } from './types';

export function convertCodeWhispererToAnthropic(events: readonly CodeWhispererEvent[], ctx: ConversionContext): MessageResponse {
  const converter = createCodeWhispererStreamConverter(ctx);
  return assembleMessage([...events.flatMap((event) => converter.push(event)), ...converter.end()], ctx.warnings);
}
