/**
 * The pass-through dialect, for upstreams that already speak Messages.
 */
import type { Dialect } from '../types';
import { convertAnthropicRequest } from './convert-request';
import { convertAnthropicResponse } from './convert-response';
import { anthropicEndpoint } from './endpoint';
import { readAnthropicErrorMessage, readAnthropicStreamData } from './read-stream-data';
import { createAnthropicStreamConverter } from './stream-converter';
import type { MessageResponse, MessagesRequest, StreamEvent } from './types';

export const anthropicDialect: Dialect<MessagesRequest, MessageResponse, StreamEvent> = {
  id: 'anthropic',
  endpoint: anthropicEndpoint,
  convertRequest: convertAnthropicRequest,
  convertResponse: convertAnthropicResponse,
  createStreamConverter: createAnthropicStreamConverter,
  readStreamData: readAnthropicStreamData,
  readErrorMessage: readAnthropicErrorMessage,
};
