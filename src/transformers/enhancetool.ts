/**
 * `enhancetool`: weaker models write tool-call arguments that are not valid JSON (a trailing comma,
 * a cut-off string); Claude Code then fails the whole call. This repairs them: in OpenAI-format
 * responses before conversion, and in streams by buffering each tool block's `input_json_delta`s
 * and sending one repaired delta when the block stops. Streaming the arguments gradually is lost,
 * which Claude Code does not use anyway: it runs a tool once its block is complete.
 */
import type { OpenAIChatResponse } from '../dialects/openai/types';
import type { StreamEvent } from '../dialects/anthropic/types';
import { isRecord } from './options';
import { repairArgumentsJson } from './repair-json';
import type { StreamHooks, TransformerContext, TransformerDefinition } from './types';

function repairOrWarn(text: string, toolName: string, ctx: TransformerContext): string {
  const result = repairArgumentsJson(text);
  if ('failed' in result && text.trim() !== '') ctx.warnings.push(`enhancetool: arguments of ${toolName} are beyond repair; sent {}`);
  else if (result.repaired) ctx.warnings.push(`enhancetool: repaired the arguments of ${toolName}`);
  return result.json;
}

function repairOpenAIResponse(body: unknown, ctx: TransformerContext): unknown {
  if (!isRecord(body) || !Array.isArray(body.choices)) return body;
  const response = body as unknown as OpenAIChatResponse;
  return {
    ...response,
    choices: response.choices.map((choice) => {
      const calls = choice.message?.tool_calls;
      if (!calls?.length) return choice;
      return {
        ...choice,
        message: {
          ...choice.message,
          tool_calls: calls.map((call) => ({
            ...call,
            function: { ...call.function, arguments: repairOrWarn(call.function.arguments ?? '', call.function.name, ctx) },
          })),
        },
      };
    }),
  };
}

function repairToolStream(ctx: TransformerContext): StreamHooks {
  let tool: { index: number; name: string; json: string } | undefined;
  return {
    event(event): StreamEvent[] {
      if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
        tool = { index: event.index, name: event.content_block.name, json: '' };
        return [event];
      }
      if (!tool || !('index' in event) || event.index !== tool.index) return [event];
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        tool.json += event.delta.partial_json;
        return [];
      }
      if (event.type === 'content_block_stop') {
        const { index, name, json } = tool;
        tool = undefined;
        const repaired = json.trim() === '' ? '' : repairOrWarn(json, name, ctx);
        const delta: StreamEvent[] = repaired ? [{ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: repaired } }] : [];
        return [...delta, event];
      }
      return [event];
    },
  };
}

export const enhancetool: TransformerDefinition = {
  name: 'enhancetool',
  description: 'Repairs malformed tool-call argument JSON (non-stream and stream).',
  create: () => ({
    upstreamResponse: (body, ctx) => (ctx.dialect === 'openai' ? repairOpenAIResponse(body, ctx) : body),
    stream: (ctx) => repairToolStream(ctx),
  }),
};
