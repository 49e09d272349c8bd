/**
 * An Anthropic Messages request → an OpenAI Chat Completions body. Pure: provider quirks (renaming
 * `max_tokens`, dropping `reasoning_content` or `reasoning_effort`) belong to transformers and presets.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://docs.anthropic.com/en/api/messages
 */
import type { MessagesRequest } from '../anthropic/types';
import { BASE_CARRIED_FIELDS, warnUncarriedFields } from '../request-fields';
import { placeSystemMessages } from '../system-messages';
import type { ConversionContext } from '../types';
import { convertAnthropicMessagesToOpenAI, convertAnthropicSystemToOpenAI } from './convert-messages';
import { convertAnthropicToolsToOpenAI } from './convert-tools';
import { mapThinkingBudgetToReasoningEffort } from './map-thinking';
import type { OpenAIChatRequest, OpenAIMessage } from './types';

const CARRIED_FIELDS: ReadonlySet<string> = new Set(BASE_CARRIED_FIELDS);

export function convertAnthropicToOpenAI(request: MessagesRequest, ctx: ConversionContext): OpenAIChatRequest {
  const messages: OpenAIMessage[] = [];
  const placed = placeSystemMessages(request, ctx.systemMessages, ctx.warnings);
  const system = convertAnthropicSystemToOpenAI(placed.system);
  if (system) messages.push(system);
  convertAnthropicMessagesToOpenAI(placed.messages, ctx, messages);

  const body: OpenAIChatRequest = { model: ctx.model, messages, max_tokens: request.max_tokens };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0) body.stop = request.stop_sequences;
  if (request.stream === true) {
    body.stream = true;
    // Without it OpenAI sends no usage at all in a stream.
    // @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
    body.stream_options = { include_usage: true };
  }
  Object.assign(body, convertAnthropicToolsToOpenAI(request.tools, request.tool_choice, ctx));

  const thinking = request.thinking;
  if (thinking !== undefined) {
    switch (thinking.type) {
      case 'enabled':
        body.reasoning_effort = mapThinkingBudgetToReasoningEffort(thinking.budget_tokens);
        break;
      case 'adaptive':
        // The model decides how much to think: the provider's default does just that.
        break;
      case 'disabled':
        break;
      default: {
        const unknownThinking: never = thinking;
        ctx.warnings.push(`thinking type ${(unknownThinking as { type: string }).type} ignored: unknown`);
      }
    }
  }

  if (typeof request.metadata?.user_id === 'string') body.user = request.metadata.user_id;

  warnUncarriedFields(request, CARRIED_FIELDS, 'OpenAI', ctx);
  return body;
}
