/**
 * Anthropic system prompt and conversation → OpenAI `messages`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 * @see https://platform.openai.com/docs/guides/function-calling
 */
import type { MessageParam, MessagesRequest, RequestContentBlock } from '../anthropic/types';
import { instructionText } from '../system-messages';
import type { ConversionContext } from '../types';
import { convertToolResult, pushDocumentParts, pushImagePart } from './convert-content';
import type {
  OpenAIAssistantMessage,
  OpenAIContentPart,
  OpenAIMessage,
  OpenAISystemMessage,
  OpenAIToolCall,
  OpenAIUserMessage,
} from './types';

/** System text blocks become one system message: several compatible providers accept only a string there. */
export function convertAnthropicSystemToOpenAI(system: MessagesRequest['system']): OpenAISystemMessage | undefined {
  if (system === undefined) return undefined;
  const text = typeof system === 'string' ? system : system.map((block) => block.text).join('\n\n');
  return text.length > 0 ? { role: 'system', content: text } : undefined;
}

export function convertAnthropicMessagesToOpenAI(
  messages: readonly MessageParam[],
  ctx: ConversionContext,
  out: OpenAIMessage[] = [],
): OpenAIMessage[] {
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        pushUserTurn(message.content, out, ctx);
        break;
      case 'assistant':
        out.push(convertAssistantTurn(message.content, ctx));
        break;
      case 'system':
      case 'developer': {
        // Where placement kept it (system-messages.ts). `system` rather than `developer`: every
        // compatible server knows it, and OpenAI reads the two alike.
        const text = instructionText(message, ctx.warnings);
        if (text.length > 0) out.push({ role: 'system', content: text });
        break;
      }
      default: {
        const unknownRole: never = message.role;
        ctx.warnings.push(`message with unknown role ${JSON.stringify(unknownRole)} sent as a user message`);
        pushUserTurn((message as MessageParam).content, out, ctx);
      }
    }
  }
  return out;
}

/**
 * A user turn: its `tool_result` blocks become `role: "tool"` messages, in order, which OpenAI wants
 * right after the assistant's `tool_calls`; the turn's other text and images follow in one user message.
 */
function pushUserTurn(content: MessageParam['content'], out: OpenAIMessage[], ctx: ConversionContext): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  const parts: OpenAIContentPart[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: block.text });
        break;
      case 'image':
        pushImagePart(block, parts, ctx);
        break;
      case 'document':
        pushDocumentParts(block, parts, ctx);
        break;
      case 'tool_result':
        out.push(convertToolResult(block, parts, ctx));
        break;
      case 'tool_use':
      case 'thinking':
      case 'redacted_thinking':
      case 'server_tool_use':
      case 'web_search_tool_result':
        warnDroppedBlock(block.type, 'user', ctx);
        break;
      default:
        warnUnknownBlock(block, 'user', ctx);
    }
  }
  if (parts.length > 0) out.push({ role: 'user', content: userContent(parts) });
}

/** Plain string content when there is only text: the form every compatible provider accepts. */
function userContent(parts: OpenAIContentPart[]): OpenAIUserMessage['content'] {
  if (parts.length === 1 && parts[0].type === 'text') return parts[0].text;
  return parts.every((part) => part.type === 'text') ? parts.map((part) => part.text).join('\n') : parts;
}

/**
 * An assistant turn: text → `content`, `tool_use` → `tool_calls`, `thinking` → `reasoning_content`
 * (DeepSeek's thinking mode needs it back on turns with tool calls; presets drop it where refused).
 * @see https://api-docs.deepseek.com/guides/thinking_mode
 */
function convertAssistantTurn(content: MessageParam['content'], ctx: ConversionContext): OpenAIAssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        break;
      case 'thinking':
        reasoning.push(block.thinking);
        break;
      case 'tool_use':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: ctx.toolNames.toUpstream(block.name), arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'redacted_thinking':
        ctx.warnings.push('redacted_thinking block dropped: it is encrypted for Anthropic models only');
        break;
      case 'image':
      case 'document':
      case 'tool_result':
      case 'server_tool_use':
      case 'web_search_tool_result':
        warnDroppedBlock(block.type, 'assistant', ctx);
        break;
      default:
        warnUnknownBlock(block, 'assistant', ctx);
    }
  }
  const message: OpenAIAssistantMessage = {
    role: 'assistant',
    // OpenAI wants `null` rather than "" beside tool calls; a bare "" keeps text-less turns valid elsewhere.
    content: texts.length > 0 ? texts.join('\n') : toolCalls.length > 0 ? null : '',
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n');
  return message;
}

function warnDroppedBlock(type: RequestContentBlock['type'], role: MessageParam['role'], ctx: ConversionContext): void {
  ctx.warnings.push(`${type} block in ${role === 'user' ? 'a user' : 'an assistant'} message dropped: OpenAI has no place for it`);
}

/** Anthropic adds block types often; an unknown one is reported, not dropped in silence. */
function warnUnknownBlock(block: never, role: MessageParam['role'], ctx: ConversionContext): void {
  ctx.warnings.push(`unknown block type ${String((block as RequestContentBlock).type)} in ${role === 'user' ? 'a user' : 'an assistant'} message dropped`);
}
