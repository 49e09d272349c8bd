/**
 * Claude Code subagents choose their model with `<CCR-SUBAGENT-MODEL>provider,model</CCR-SUBAGENT-MODEL>`
 * written in the agent's prompt. The tag is router-only markup: it is removed from every request,
 * whichever step routes it, and the request is copied, never changed in place.
 */
import type { MessageParam, MessagesRequest, RequestContentBlock, TextBlock } from '../dialects/anthropic/types';

const OPEN = '<CCR-SUBAGENT-MODEL>';
const TAG = /<CCR-SUBAGENT-MODEL>([\s\S]*?)<\/CCR-SUBAGENT-MODEL>/g;

export interface SubagentExtraction {
  /** The first tag's content (`"provider,model"`, trimmed); undefined when no tag was found. */
  target: string | undefined;
  /** The input when it had no tag; otherwise a copy without any tag. */
  request: MessagesRequest;
}

/**
 * Looks in the system prompt (string or blocks), then in the messages that may hold an agent's
 * instructions, in order: the first user message and every system (or developer) message.
 */
export function extractSubagentModel(request: MessagesRequest): SubagentExtraction {
  const tagged = taggedMessageIndexes(request.messages);
  // Nearly no request carries a tag: looked for first, so that the rest allocates nothing for them.
  if (!mayHaveTag(request.system) && tagged === undefined) return { target: undefined, request };
  const found: string[] = [];
  const system = stripSystem(request.system, found);
  const replaced = new Map<number, MessageParam>();
  for (const index of tagged ?? []) {
    const message = stripMessage(request.messages[index], found);
    if (message !== undefined) replaced.set(index, message);
  }
  if (found.length === 0) return { target: undefined, request };

  const stripped: MessagesRequest = { ...request };
  if (system === undefined) delete stripped.system;
  else stripped.system = system;
  if (replaced.size > 0) stripped.messages = request.messages.map((original, i) => replaced.get(i) ?? original);
  return { target: found[0].trim(), request: stripped };
}

function stripText(text: string, found: string[]): string {
  if (!text.includes(OPEN)) return text;
  return text.replace(TAG, (_match, target: string) => {
    found.push(target);
    return '';
  });
}

/** Blocks left empty are dropped: Anthropic refuses empty text blocks. */
function stripSystem(system: MessagesRequest['system'], found: string[]): MessagesRequest['system'] {
  if (system === undefined) return undefined;
  if (typeof system === 'string') {
    const text = stripText(system, found);
    return text === system || text.trim().length > 0 ? text : undefined; // only the tag: no system prompt left
  }
  const blocks = stripBlocks(system, found);
  return blocks.length > 0 ? blocks : undefined;
}

function stripBlocks<Block extends RequestContentBlock>(blocks: Block[], found: string[]): Block[] {
  // Runs on every request and almost none carries a tag: no copy unless one is there.
  if (!blocks.some(hasTag)) return blocks;
  const result: Block[] = [];
  for (const block of blocks) {
    if (block.type !== 'text') {
      result.push(block);
      continue;
    }
    const text = stripText((block as TextBlock).text, found);
    if (text === (block as TextBlock).text) result.push(block);
    else if (text.trim().length > 0) result.push({ ...block, text });
  }
  return result;
}

/** Where a tag may sit and one does: the first user message, and system or developer messages. Undefined when none has one. */
function taggedMessageIndexes(messages: readonly MessageParam[]): number[] | undefined {
  let indexes: number[] | undefined;
  let seenUser = false;
  for (let i = 0; i < messages.length; i++) {
    const { role } = messages[i];
    const candidate = role === 'system' || role === 'developer' || (role === 'user' && !seenUser);
    if (role === 'user') seenUser = true;
    if (candidate && mayHaveTag(messages[i].content)) (indexes ??= []).push(i);
  }
  return indexes;
}

function mayHaveTag(content: string | RequestContentBlock[] | undefined): boolean {
  if (content === undefined) return false;
  return typeof content === 'string' ? content.includes(OPEN) : content.some(hasTag);
}

function hasTag(block: RequestContentBlock): boolean {
  return block.type === 'text' && (block as TextBlock).text.includes(OPEN);
}

/** Undefined when the message carried no tag, so that the caller keeps the original. */
function stripMessage(message: MessageParam, found: string[]): MessageParam | undefined {
  const before = found.length;
  if (typeof message.content === 'string') {
    const content = stripText(message.content, found);
    return found.length === before ? undefined : { ...message, content };
  }
  const content = stripBlocks(message.content, found);
  if (found.length === before) return undefined;
  // A turn that held nothing but the tag: keep the shape valid and let the upstream judge the empty text.
  return { ...message, content: content.length > 0 ? content : [{ type: 'text', text: '' }] };
}
