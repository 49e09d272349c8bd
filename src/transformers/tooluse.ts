/**
 * `tooluse`: small models often answer in prose when they should call a tool. When tools are
 * offered and the client left the choice to the model, this forces a tool call (`tool_choice`
 * any → OpenAI `required`) and adds `ExitTool`, which the model calls to answer in plain text.
 * On the way back an ExitTool call becomes a text block (non-stream and stream) and the turn ends
 * with `end_turn`, so the client never sees ExitTool.
 */
import type {
  CustomTool,
  MessageResponse,
  MessagesRequest,
  ResponseContentBlock,
  StopReason,
  StreamEvent,
} from '../dialects/anthropic/types';
import { parseRepairedArguments } from './repair-json';
import type { StreamHooks, TransformerDefinition } from './types';

export const EXIT_TOOL_NAME = 'ExitTool';

const EXIT_TOOL: CustomTool = {
  name: EXIT_TOOL_NAME,
  description:
    'Call this tool to reply to the user in plain text when none of the other tools fits the next step. ' +
    'Put your whole reply in `response`. Never call it together with another tool.',
  input_schema: {
    type: 'object',
    properties: { response: { type: 'string', description: 'Your reply to the user.' } },
    required: ['response'],
  },
};

const TOOL_MODE_REMINDER =
  'Tool mode is on: every turn must be a tool call. Call the tool that does the next step; ' +
  `when no tool fits and you want to answer the user, call ${EXIT_TOOL_NAME} with your reply.`;

function addExitTool(request: MessagesRequest): MessagesRequest {
  const tools = request.tools ?? [];
  if (tools.length === 0 || tools.some((tool) => tool.name === EXIT_TOOL_NAME)) return request;
  if (request.tool_choice && request.tool_choice.type !== 'auto') return request;
  const system =
    request.system === undefined
      ? TOOL_MODE_REMINDER
      : typeof request.system === 'string'
        ? `${request.system}\n\n${TOOL_MODE_REMINDER}`
        : [...request.system, { type: 'text' as const, text: TOOL_MODE_REMINDER }];
  return {
    ...request,
    system,
    tools: [...tools, EXIT_TOOL],
    tool_choice: { type: 'any', ...(request.tool_choice?.disable_parallel_tool_use !== undefined ? { disable_parallel_tool_use: request.tool_choice.disable_parallel_tool_use } : {}) },
  };
}

function exitToolText(input: Record<string, unknown> | undefined): string {
  if (input && typeof input.response === 'string') return input.response;
  return input ? JSON.stringify(input) : '';
}

function replaceExitToolCalls(response: MessageResponse): MessageResponse {
  if (!response.content.some((block) => block.type === 'tool_use' && block.name === EXIT_TOOL_NAME)) return response;
  const content: ResponseContentBlock[] = response.content.map((block) =>
    block.type === 'tool_use' && block.name === EXIT_TOOL_NAME ? { type: 'text', text: exitToolText(block.input) } : block,
  );
  const stillCallsTools = content.some((block) => block.type === 'tool_use');
  const stop_reason: StopReason | null = response.stop_reason === 'tool_use' && !stillCallsTools ? 'end_turn' : response.stop_reason;
  return { ...response, content, stop_reason };
}

function exitToolStream(): StreamHooks {
  let exitBlock: { index: number; json: string } | undefined;
  let otherToolCalls = 0;
  let sawExitTool = false;
  return {
    event(event): StreamEvent[] {
      switch (event.type) {
        case 'content_block_start':
          if (event.content_block.type === 'tool_use' && event.content_block.name === EXIT_TOOL_NAME) {
            exitBlock = { index: event.index, json: '' };
            sawExitTool = true;
            return [{ type: 'content_block_start', index: event.index, content_block: { type: 'text', text: '' } }];
          }
          if (event.content_block.type === 'tool_use') otherToolCalls++;
          return [event];
        case 'content_block_delta':
          if (exitBlock && event.index === exitBlock.index) {
            if (event.delta.type === 'input_json_delta') exitBlock.json += event.delta.partial_json;
            return [];
          }
          return [event];
        case 'content_block_stop': {
          if (!exitBlock || event.index !== exitBlock.index) return [event];
          const text = exitToolText(parseRepairedArguments(exitBlock.json));
          exitBlock = undefined;
          const delta: StreamEvent[] = text ? [{ type: 'content_block_delta', index: event.index, delta: { type: 'text_delta', text } }] : [];
          return [...delta, event];
        }
        case 'message_delta':
          if (sawExitTool && otherToolCalls === 0 && event.delta.stop_reason === 'tool_use') {
            return [{ ...event, delta: { ...event.delta, stop_reason: 'end_turn' } }];
          }
          return [event];
        default:
          return [event];
      }
    },
  };
}

export const tooluse: TransformerDefinition = {
  name: 'tooluse',
  description: 'Forces a tool call when tools are offered and adds ExitTool, turned back into plain text on the way in.',
  create: () => ({
    request: addExitTool,
    response: replaceExitToolCalls,
    // No ExitTool in the request (no tools offered, or a tool_choice the client set): nothing to watch for.
    stream: (ctx) => (ctx.request.tools?.some((tool) => tool.name === EXIT_TOOL_NAME) ? exitToolStream() : {}),
  }),
};
