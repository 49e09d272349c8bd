/**
 * A Claude Code-sized request, in both dialects with the same content. Deterministic: no
 * Math.random, no clock.
 *
 * Built from the requests Claude Code itself sent (test/fixtures/claude-code/<version>/, the newest
 * version; `{ method, path, headers, body }` per file, or a bare body): the largest capture gives
 * the system prompt, the 12 tools with their schemas, the top-level fields (thinking, metadata,
 * context_management…) and the first turn with its `role: "system"` message. A capture is a short
 * headless session, so the conversation is grown to 40 turns the way a working session grows: the
 * captured tool exchange (Write, then Bash) alternates with Read calls whose results are files of
 * this repository read back with line numbers, as Claude Code's Read tool returns them.
 * Without captures it falls back to a synthetic request of the same shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dir, '..');
const CAPTURES = join(ROOT, 'test', 'fixtures', 'claude-code');
/** Messages in the grown conversation, the captured first turn included. */
const TURNS = 40;

type Json = Record<string, unknown>;
type Message = { role: string; content: string | Json[] };

export interface LargeRequest {
  /** The Anthropic body without `model` and `stream`. */
  anthropic: Json;
  /** Where it came from, for the report. */
  source: string;
}

let built: LargeRequest | undefined;

/** The Claude Code-sized request this run uses (built once). */
export function largeRequest(): LargeRequest {
  return (built ??= fromCaptures() ?? synthetic());
}

export function largeAnthropicRequest(model: string, stream: boolean): Json {
  return { ...largeRequest().anthropic, model, stream };
}

/** The same content for the OpenAI-speaking targets: blocks flattened to text, tools as functions. */
export function largeOpenAIRequest(model: string, stream: boolean): Json {
  const body = largeRequest().anthropic as { system?: Json[] | string; messages: Message[]; tools?: Json[]; max_tokens: number };
  const messages: { role: string; content: string }[] = [];
  if (body.system) messages.push({ role: 'system', content: textOf(body.system) });
  for (const message of body.messages) messages.push({ role: message.role, content: textOf(message.content) });
  const tools = body.tools?.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }));
  return { model, max_tokens: body.max_tokens, stream, messages, tools };
}

/** Loads the captures tolerantly: a file holding `{ body }` (with headers and more beside it) or a bare body. */
export function readCapturedBody(text: string): Json | undefined {
  const parsed = JSON.parse(text) as Json;
  const body = (parsed.body && typeof parsed.body === 'object' ? parsed.body : parsed) as Json;
  return Array.isArray(body.messages) ? body : undefined;
}

function fromCaptures(): LargeRequest | undefined {
  const version = newestVersion();
  if (!version) return undefined;
  const folder = join(CAPTURES, version);
  const captured = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }))
    .map(({ name, text }) => ({ name, size: text.length, body: readCapturedBody(text) }))
    .filter((entry): entry is { name: string; size: number; body: Json } => entry.body !== undefined);
  if (captured.length === 0) return undefined;
  const largest = captured.reduce((a, b) => (b.size > a.size ? b : a));
  const messages = largest.body.messages as Message[];
  // The captured first turn: the user's prompt and the system messages Claude Code adds after it.
  const firstAssistant = messages.findIndex((message) => message.role === 'assistant');
  const opening = firstAssistant === -1 ? messages : messages.slice(0, firstAssistant);
  const exchange = firstAssistant === -1 ? [] : messages.slice(firstAssistant, firstAssistant + 2);
  const grown = growConversation(opening, exchange);
  const { model: _model, stream: _stream, ...fields } = largest.body;
  const anthropic = { ...fields, messages: grown };
  const kb = Math.round(JSON.stringify(anthropic).length / 1024);
  return { anthropic, source: `Claude Code ${version}'s ${largest.name}, grown to ${grown.length} turns (${kb} KB)` };
}

/** Assistant and tool-result turns after `opening` until there are TURNS: the captured exchange, then a Read of a file, in turn. */
function growConversation(opening: Message[], exchange: Message[]): Message[] {
  const out = [...opening];
  const files = sourceFiles();
  for (let step = 0; out.length + 2 <= TURNS; step++) {
    const id = (k: number) => `toolu_01Bench${String(step).padStart(4, '0')}${k}aBcDeFgHiJk`;
    if (step % 2 === 0 && exchange.length === 2) out.push(...renumber(exchange, id));
    else {
      const path = files[Math.floor(step / 2) % files.length];
      out.push(
        { role: 'assistant', content: [{ type: 'tool_use', id: id(0), name: 'Read', input: { file_path: `/home/user/project/${path}` } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: id(0), content: numbered(readFileSync(join(ROOT, path), 'utf8')) }] },
      );
    }
  }
  // A request asks for an answer: the last turn is the user's.
  return out;
}

/** The captured exchange with fresh tool-use ids, so that no two tool calls share one. */
function renumber(exchange: Message[], id: (k: number) => string): Message[] {
  const ids = new Map<string, string>();
  const fresh = (old: string) => (ids.has(old) ? ids.get(old)! : (ids.set(old, id(ids.size)), ids.get(old)!));
  return exchange.map((message) => ({
    role: message.role,
    content: typeof message.content === 'string' ? message.content : message.content.map((block) => {
      if (block.type === 'tool_use') return { ...block, id: fresh(block.id as string) };
      if (block.type === 'tool_result') return { ...block, tool_use_id: fresh(block.tool_use_id as string) };
      return block;
    }),
  }));
}

/** What Claude Code's Read returns: each line behind its number and a tab. */
const numbered = (text: string) => text.split('\n').map((line, i) => `${String(i + 1).padStart(6)}\t${line}`).join('\n');

/** The repository's own dispatch and dialect sources, in path order: files a session about ccr would read. */
function sourceFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['src/dispatch', 'src/dialects/openai']) {
    for (const name of readdirSync(join(ROOT, dir)).sort()) if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(relative(ROOT, join(ROOT, dir, name)));
  }
  return out;
}

function newestVersion(): string | undefined {
  let names: string[];
  try {
    names = readdirSync(CAPTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return undefined;
  }
  const parts = (name: string) => name.split('.').map(Number);
  return names.filter((name) => /^\d+(\.\d+)*$/.test(name)).sort((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  }).at(-1);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return JSON.stringify(content ?? '');
  return content
    .map((block: Json) => {
      if (typeof block.text === 'string') return block.text;
      if (typeof block.thinking === 'string') return block.thinking;
      if (block.type === 'tool_use') return JSON.stringify(block.input);
      if (block.type === 'tool_result') return textOf(block.content);
      return '';
    })
    .join('\n');
}

/** The shape Claude Code sends, made up: a long system prompt, 40 turns, 17 tools with schemas (~126 KB). */
function synthetic(): LargeRequest {
  const WORDS = ['the', 'function', 'returns', 'a', 'value', 'when', 'called', 'with', 'options', 'file', 'path', 'string', 'number'];
  const words = (count: number, seed: number) => {
    let state = seed;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out.push(WORDS[state % WORDS.length]);
    }
    return out.join(' ');
  };
  const schema = (seed: number) => ({
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`param_${i}`, { type: 'string', description: words(25, seed * 10 + i) }])),
    required: ['param_0'],
  });
  const turns = Array.from({ length: TURNS }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: [{ type: 'text', text: words(250, 100 + i) }] }));
  // The last turn is the user's, as in any request that asks for an answer.
  turns.push({ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] });
  const anthropic = {
    max_tokens: 64,
    system: [{ type: 'text', text: words(2000, 1) }],
    messages: turns,
    tools: Array.from({ length: 17 }, (_, i) => ({ name: `Tool${i}`, description: words(300, 200 + i), input_schema: schema(i) })),
  };
  return { anthropic, source: `synthetic (no captured Claude Code requests under test/fixtures/claude-code/), ${Math.round(JSON.stringify(anthropic).length / 1024)} KB` };
}
