/**
 * Anthropic `tools` and `tool_choice` → Gemini `tools` and `toolConfig`.
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 * @see https://ai.google.dev/gemini-api/docs/google-search
 */
import type { ConversionContext } from '../types';
import { isCustomTool } from '../anthropic/tools';
import type { CustomTool, Tool, ToolChoice } from '../anthropic/types';
import { cleanToolParameters } from './clean-schema';
import { geminiMajorVersion } from './model-family';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './types';

export function convertToolsToGemini(tools: readonly Tool[] | undefined, ctx: ConversionContext): GeminiTool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const declarations: GeminiFunctionDeclaration[] = [];
  let webSearch = false;
  for (const tool of tools) {
    if (isCustomTool(tool)) declarations.push(convertCustomTool(tool, ctx));
    else if (tool.type.startsWith('web_search')) webSearch = true;
    else ctx.warnings.push(`gemini: server tool ${tool.type} has no Gemini equivalent and was not sent`);
  }
  const out: GeminiTool[] = [];
  if (declarations.length > 0) out.push({ functionDeclarations: declarations });
  if (webSearch) {
    // Gemini 2.x refuses Google Search next to function declarations; Gemini 3 combines them.
    if (declarations.length > 0 && (geminiMajorVersion(ctx.model) ?? 0) < 3) {
      ctx.warnings.push(`gemini: ${ctx.model} cannot combine web search with function tools; web search was not sent`);
    } else {
      out.push({ googleSearch: {} });
    }
  }
  return out.length > 0 ? out : undefined;
}

export function convertToolChoiceToGemini(
  choice: ToolChoice | undefined,
  tools: readonly GeminiTool[] | undefined,
  ctx: ConversionContext,
): GeminiToolConfig | undefined {
  const hasFunctions = tools?.some((tool) => 'functionDeclarations' in tool) ?? false;
  if (!choice || !hasFunctions) return undefined;
  if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use) {
    ctx.warnings.push('gemini: disable_parallel_tool_use has no Gemini equivalent');
  }
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'any':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [ctx.toolNames.toUpstream(choice.name)] } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    default: {
      const _exhaustive: never = choice;
      ctx.warnings.push(`gemini: unknown tool_choice ${JSON.stringify(_exhaustive)}`);
      return undefined;
    }
  }
}

function convertCustomTool(tool: CustomTool, ctx: ConversionContext): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: ctx.toolNames.toUpstream(tool.name) };
  if (tool.description) declaration.description = tool.description;
  const parameters = cleanToolParameters(tool.input_schema);
  if (parameters) declaration.parameters = parameters;
  return declaration;
}
