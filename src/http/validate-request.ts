/**
 * Checks a parsed /v1/messages body just enough to fail the way Anthropic does: 400
 * invalid_request_error naming the field. Only what Anthropic requires of every request and what
 * conversion needs is checked: a role, block type, `thinking.type` or tool `type` this file does not
 * know passes (the API grows every month, and Claude Code follows it within days); unknown fields
 * pass through untouched.
 */
import type { CountTokensRequest, MessagesRequest } from '../dialects/anthropic/types';
import { ApiError } from './errors';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseJsonBody(text: string): Json {
  if (text.length === 0) throw new ApiError(400, 'Request body is empty; expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(parsed)) throw new ApiError(400, 'Request body must be a JSON object');
  return parsed;
}

export function validateMessagesRequest(body: Json): MessagesRequest {
  checkCommon(body);
  if (body.max_tokens === undefined) throw new ApiError(400, 'max_tokens: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) throw new ApiError(400, 'max_tokens: must be a positive integer');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw new ApiError(400, 'stream: must be a boolean');
  for (const field of ['temperature', 'top_p', 'top_k'] as const) {
    if (body[field] !== undefined && typeof body[field] !== 'number') throw new ApiError(400, `${field}: must be a number`);
  }
  if (body.stop_sequences !== undefined && !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((item) => typeof item === 'string'))) {
    throw new ApiError(400, 'stop_sequences: must be an array of strings');
  }
  return body as MessagesRequest;
}

/** A body to route without sending it (`/api/route/explain`): what routing reads, the model first. */
export function validateRoutableRequest(body: Json): MessagesRequest {
  checkCommon(body);
  return body as MessagesRequest;
}

/**
 * count_tokens counts with ccr's own tokenizer whatever the model: one left out (as the curl
 * examples of other routers do) is not an error.
 */
export function validateCountTokensRequest(body: Json): CountTokensRequest {
  checkCommon(body, { modelRequired: false });
  return body as CountTokensRequest;
}

function checkCommon(body: Json, { modelRequired = true } = {}): void {
  if (body.model === undefined) {
    if (modelRequired) throw new ApiError(400, 'model: Field required');
  } else if (typeof body.model !== 'string' || body.model.length === 0) throw new ApiError(400, 'model: must be a non-empty string');
  if (body.messages === undefined) throw new ApiError(400, 'messages: Field required');
  if (!Array.isArray(body.messages)) throw new ApiError(400, 'messages: must be an array');
  // Plain loops: this walks every request's messages, and forEach built a closure for the call and one per message.
  const messages: unknown[] = body.messages;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message)) throw new ApiError(400, `messages.${i}: must be an object`);
    // Any role string: `system` and `developer` stand mid-conversation, and newer ones are converted with a warning.
    if (message.role === undefined) throw new ApiError(400, `messages.${i}.role: Field required`);
    if (typeof message.role !== 'string' || message.role.length === 0) throw new ApiError(400, `messages.${i}.role: must be a non-empty string`);
    const content = message.content;
    if (typeof content === 'string') continue;
    if (!Array.isArray(content)) throw new ApiError(400, `messages.${i}.content: must be a string or an array of content blocks`);
    for (let j = 0; j < content.length; j++) {
      const block: unknown = content[j];
      if (!isObject(block) || typeof block.type !== 'string') throw new ApiError(400, `messages.${i}.content.${j}.type: Field required`);
      const problem = blockProblem(block);
      if (problem !== undefined) throw new ApiError(400, `messages.${i}.content.${j}.${problem}`);
    }
  }
  const system = body.system;
  if (system !== undefined && typeof system !== 'string') {
    if (!Array.isArray(system) || !system.every((block) => isObject(block) && block.type === 'text' && typeof block.text === 'string')) {
      throw new ApiError(400, 'system: must be a string or an array of text blocks');
    }
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) throw new ApiError(400, 'tools: must be an array');
    const tools: unknown[] = body.tools;
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[i];
      if (!isObject(tool) || typeof tool.name !== 'string') throw new ApiError(400, `tools.${i}.name: Field required`);
      if (tool.type === undefined || tool.type === 'custom') {
        if (!isObject(tool.input_schema)) throw new ApiError(400, `tools.${i}.input_schema: Field required`);
      }
    }
  }
  if (body.thinking !== undefined) {
    const thinking = body.thinking;
    if (!isObject(thinking) || typeof thinking.type !== 'string') throw new ApiError(400, 'thinking.type: Field required');
    // The budget is what conversion maps to a provider's reasoning effort; other types carry none.
    if (thinking.type === 'enabled' && !Number.isInteger(thinking.budget_tokens)) throw new ApiError(400, 'thinking.budget_tokens: Field required');
  }
}

/**
 * What conversion reads of a block whose type it knows, checked as Anthropic checks it; a type ccr
 * does not know passes, to be carried or reported by the converter. Undefined when the block is fine.
 */
function blockProblem(block: Json): string | undefined {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? undefined : 'text: must be a string';
    case 'image':
    case 'document':
      return isObject(block.source) && typeof block.source.type === 'string' ? undefined : 'source: Field required';
    case 'tool_use':
      if (typeof block.id !== 'string') return 'id: must be a string';
      return typeof block.name === 'string' ? undefined : 'name: must be a string';
    case 'tool_result':
      if (typeof block.tool_use_id !== 'string') return 'tool_use_id: must be a string';
      return toolResultProblem(block.content);
    case 'thinking':
      return typeof block.thinking === 'string' ? undefined : 'thinking: must be a string';
    case 'redacted_thinking':
      return typeof block.data === 'string' ? undefined : 'data: must be a string';
    default:
      return undefined;
  }
}

function toolResultProblem(content: unknown): string | undefined {
  if (content === undefined || typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return 'content: must be a string or an array of content blocks';
  for (let k = 0; k < content.length; k++) {
    const inner: unknown = content[k];
    if (!isObject(inner) || typeof inner.type !== 'string') return `content.${k}.type: Field required`;
    const problem = blockProblem(inner);
    if (problem !== undefined) return `content.${k}.${problem}`;
  }
  return undefined;
}
