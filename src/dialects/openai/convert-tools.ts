/**
 * Anthropic `tools` and `tool_choice` → OpenAI function tools, `tool_choice` and `parallel_tool_calls`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
import { isCustomTool } from '../anthropic/tools';
import type { Tool, ToolChoice } from '../anthropic/types';
import type { ConversionContext } from '../types';
import type { OpenAIFunctionTool, OpenAIToolChoice } from './types';

interface OpenAITools {
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
}

/**
 * Only custom tools are functions: server tools and Anthropic-defined client tools are skipped,
 * with a warning.
 */
export function convertAnthropicToolsToOpenAI(
  tools: readonly Tool[] | undefined,
  toolChoice: ToolChoice | undefined,
  ctx: ConversionContext,
): OpenAITools {
  const functions: OpenAIFunctionTool[] = [];
  for (const tool of tools ?? []) {
    if (!isCustomTool(tool)) {
      ctx.warnings.push(`tool ${tool.name} (${String(tool.type)}) skipped: Anthropic server tools have no OpenAI equivalent`);
      continue;
    }
    functions.push({
      type: 'function',
      function: {
        name: ctx.toolNames.toUpstream(tool.name),
        ...(tool.description !== undefined && { description: tool.description }),
        // A custom tool without a schema takes no arguments (it used to be skipped as a server tool).
        parameters: tool.input_schema ?? { type: 'object', properties: {} },
      },
    });
  }
  // OpenAI refuses `tool_choice` and `parallel_tool_calls` without tools.
  if (functions.length === 0) {
    if (toolChoice !== undefined && toolChoice.type !== 'none' && toolChoice.type !== 'auto') {
      ctx.warnings.push(`tool_choice ${toolChoice.type} dropped: no function tools to choose from`);
    }
    return {};
  }
  const result: OpenAITools = { tools: functions };
  if (toolChoice === undefined) return result;
  switch (toolChoice.type) {
    case 'auto':
      result.tool_choice = 'auto';
      break;
    case 'any':
      result.tool_choice = 'required';
      break;
    case 'tool':
      result.tool_choice = { type: 'function', function: { name: ctx.toolNames.toUpstream(toolChoice.name) } };
      break;
    case 'none':
      result.tool_choice = 'none';
      break;
    default: {
      const unknownChoice: never = toolChoice;
      ctx.warnings.push(`tool_choice ${(unknownChoice as { type: string }).type} dropped: unknown`);
    }
  }
  if (toolChoice.type !== 'none' && toolChoice.disable_parallel_tool_use === true) result.parallel_tool_calls = false;
  return result;
}
