/**
 * A non-streaming OpenAI Chat Completions response → an Anthropic message, built directly: the
 * stream converter fed the whole response as one chunk and folded back into a message gave the same
 * result at about three times the cost, on every non-streamed request. The stream converter stays
 * the reference: convert-response.test.ts checks that both agree on every fixture and edge case.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://docs.anthropic.com/en/api/messages#response
 */
import { parseToolArguments } from '../anthropic/parse-tool-arguments';
import type { MessageResponse, ResponseContentBlock } from '../anthropic/types';
import { THINKING_SIGNATURE_PLACEHOLDER } from '../block-writer';
import type { ConversionContext } from '../types';
import { resolveStopInfo } from './map-finish-reason';
import { mapOpenAIUsage } from './map-usage';
import { matchToolCall, type ToolCallIdentity, type ToolCallSlots } from './match-tool-call';
import type { OpenAIChatResponse, OpenAIToolCall } from './types';

interface GatheredCall extends ToolCallIdentity {
  args: string;
}

export function convertOpenAIToAnthropic(response: OpenAIChatResponse, ctx: ConversionContext): MessageResponse {
  const choice = response.choices?.[0];
  if (choice === undefined) ctx.warnings.push('upstream response has no choices: empty message');
  const message = choice?.message;
  // Taken first, as the stream converter's message_start takes it before any tool call's.
  const id = ctx.generateId('msg');
  const content: ResponseContentBlock[] = [];

  // DeepSeek says `reasoning_content`, OpenRouter `reasoning`; some send both with the same text.
  const reasoning = message?.reasoning_content || message?.reasoning;
  if (reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: THINKING_SIGNATURE_PLACEHOLDER });
  // A refusal is shown as text, after any text, and stops the message with `refusal`.
  const text = (message?.content || '') + (message?.refusal || '');
  if (text) content.push({ type: 'text', text });

  let sawToolUse = false;
  // Arguments are parsed after every call is placed, so their warnings follow the dropped calls'.
  const argumentWarnings: string[] = [];
  for (const call of gatherToolCalls(message?.tool_calls)) {
    if (call.name === undefined) {
      ctx.warnings.push(`tool call without a name dropped; its arguments were: ${call.args}`);
      continue;
    }
    const name = ctx.toolNames.fromUpstream(call.name);
    sawToolUse = true;
    content.push({
      type: 'tool_use',
      // Some local servers send no id: the client needs one to answer with a tool_result.
      id: call.upstreamId ?? ctx.generateId('toolu'),
      name,
      input: call.args ? parseToolArguments(call.args, name, argumentWarnings) : {},
    });
  }
  ctx.warnings.push(...argumentWarnings);

  const matchedStop = choice?.stop_reason ?? undefined;
  const stop = resolveStopInfo(choice?.finish_reason || undefined, matchedStop, sawToolUse, Boolean(message?.refusal));
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: ctx.requestedModel,
    content,
    stop_reason: stop.stop_reason,
    stop_sequence: stop.stop_sequence,
    usage: response.usage ? mapOpenAIUsage(response.usage) : { input_tokens: 0, output_tokens: 0 },
  };
}

/** The calls as the stream converter would gather them from one chunk (match-tool-call.ts), arguments joined. */
function gatherToolCalls(entries: readonly OpenAIToolCall[] | null | undefined): GatheredCall[] {
  if (!entries || entries.length === 0) return [];
  const slots: ToolCallSlots<GatheredCall> = { calls: [], byIndex: new Map() };
  for (let position = 0; position < entries.length; position++) {
    const call = matchToolCall(slots, entries[position], position, newCall);
    const args = entries[position].function?.arguments;
    if (args) call.args += args;
  }
  return slots.calls;
}

const newCall = (): GatheredCall => ({ upstreamId: undefined, name: undefined, args: '' });
