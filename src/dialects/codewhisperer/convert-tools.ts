/**
 * Anthropic `tools` → `userInputMessageContext.tools` (sent on the current message only). Names go
 * through the request's ToolNameMap (64 characters, letters, digits, `_`, `-`: what Kiro clients
 * keep to); descriptions are cut to the length every public client stays under, and an empty one
 * (refused) becomes the tool's name. A tool the history calls but the request no longer declares
 * is declared with a stand-in spec: the service refuses a history that uses an undeclared tool.
 * @see ../../../test/fixtures/codewhisperer/README.md (limits and their sources)
 */
import { isCustomTool } from '../anthropic/tools';
import type { JsonSchema, Tool, ToolChoice } from '../anthropic/types';
import type { ConversionContext } from '../types';
import type { CodeWhispererTool } from './types';

/** AIClient-2-API cuts at 9216, kiro.rs and kiro-gateway at 10000: the smaller is safe for both. */
export const MAX_TOOL_DESCRIPTION_LENGTH = 9216;
const CUT_MARKER = '…';

export function convertToolsToCodeWhisperer(tools: readonly Tool[] | undefined, toolChoice: ToolChoice | undefined, ctx: ConversionContext): CodeWhispererTool[] {
  const specs: CodeWhispererTool[] = [];
  for (const tool of tools ?? []) {
    if (!isCustomTool(tool)) {
      ctx.warnings.push(`codewhisperer: tool ${tool.name} (${String(tool.type)}) skipped: server tools have no CodeWhisperer equivalent`);
      continue;
    }
    specs.push({
      toolSpecification: {
        name: ctx.toolNames.toUpstream(tool.name),
        description: describe(tool.name, tool.description, ctx),
        inputSchema: { json: objectSchema(tool.input_schema) },
      },
    });
  }
  if (toolChoice !== undefined && toolChoice.type !== 'auto') {
    ctx.warnings.push(`codewhisperer: tool_choice ${toolChoice.type} not sent: the service always lets the model choose`);
  }
  return specs;
}

/** Declares, with a stand-in spec, every upstream tool name the history uses that `specs` lacks. */
export function declareHistoryTools(specs: CodeWhispererTool[], usedNames: ReadonlySet<string>): CodeWhispererTool[] {
  const declared = new Set(specs.map((spec) => spec.toolSpecification.name));
  const added = [...usedNames].filter((name) => !declared.has(name));
  if (added.length === 0) return specs;
  return [
    ...specs,
    ...added.map((name) => ({
      toolSpecification: {
        name,
        description: `Tool ${name}, called earlier in this conversation and no longer offered.`,
        inputSchema: { json: { type: 'object', properties: {} } },
      },
    })),
  ];
}

function describe(name: string, description: string | undefined, ctx: ConversionContext): string {
  if (!description || description.trim().length === 0) return name;
  if (description.length <= MAX_TOOL_DESCRIPTION_LENGTH) return description;
  ctx.warnings.push(`codewhisperer: tool ${name} description cut from ${description.length} to ${MAX_TOOL_DESCRIPTION_LENGTH} characters`);
  return description.slice(0, MAX_TOOL_DESCRIPTION_LENGTH - CUT_MARKER.length) + CUT_MARKER;
}

/** The schema as given; a tool without one (or without `type`) takes an object. */
function objectSchema(schema: JsonSchema | undefined): JsonSchema {
  if (!schema || typeof schema !== 'object') return { type: 'object', properties: {} };
  return schema.type === undefined ? { type: 'object', ...schema } : schema;
}
