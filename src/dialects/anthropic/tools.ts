import type { CustomTool, Tool } from './types';

/**
 * Custom tools (the client's functions) have no `type`, or `custom`. Server tools
 * (`web_search_20250305`…) and Anthropic-defined client tools (`bash_…`, `text_editor_…`) carry a
 * versioned `type` and no schema.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function isCustomTool(tool: Tool): tool is CustomTool {
  return tool.type === undefined || tool.type === 'custom';
}
