/**
 * A fake model that follows a script, answering in the exact bytes each provider sends, so the real
 * Claude Code can run a tool loop through ccr against any dialect. The turn it plays is the number
 * of tool results the request carries (in the provider's own format), so it answers every request of
 * a conversation right however many times the client retries; a request offering no tools (a title,
 * a summary) gets a plain text answer.
 *
 * The shapes follow the fixtures beside them in test/fixtures/<provider>/ and their documentation:
 * - Anthropic: https://docs.anthropic.com/en/api/messages-streaming (event:/data: pairs, ping, input_json_delta)
 * - OpenAI: https://platform.openai.com/docs/api-reference/chat/streaming (tool call id and name first,
 *   arguments in pieces, finish_reason in an empty delta, then the usage chunk with `choices: []`, `[DONE]`)
 * - DeepSeek: https://api-docs.deepseek.com/guides/thinking_mode (reasoning_content deltas, usage with
 *   prompt_cache_hit_tokens on the finish chunk)
 * - OpenRouter: https://openrouter.ai/docs/api-reference/streaming (`: OPENROUTER PROCESSING` comments,
 *   `reasoning` + `reasoning_details` deltas, usage with cost in the last chunk)
 * - Gemini: https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent (CRLF
 *   framing, whole functionCall args in one part, usageMetadata on every chunk)
 * - Kiro / CodeWhisperer: test/fixtures/codewhisperer/README.md (AWS event-stream frames, always,
 *   `<thinking>` in the text, toolUseEvent name first then input pieces then stop, contextUsageEvent last)
 */
import { codeWhispererReply } from './fake-codewhisperer';
import type { FixtureFrame } from './event-stream';
import { startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from './fake-upstream';

export type FakeDialect = 'anthropic' | 'openai' | 'deepseek' | 'openrouter' | 'gemini' | 'kiro';
export const FAKE_DIALECTS: readonly FakeDialect[] = ['openai', 'deepseek', 'openrouter', 'gemini', 'anthropic', 'kiro'];

export type ModelTurn =
  | { kind: 'tool_use'; name: string; input: Record<string, unknown>; thinking?: string }
  | { kind: 'text'; text: string; thinking?: string };

export interface ScriptedUpstream extends FakeUpstream {
  /** The requests that were conversation turns (not count_tokens), in arrival order. */
  turns(): RecordedRequest[];
}

export interface ScriptOptions {
  /** Answer the first turn request with this provider error once (a 429, say) before playing the script. */
  failFirst?: FakeReply;
}

export function startScriptedUpstream(dialect: FakeDialect, script: readonly ModelTurn[], options: ScriptOptions = {}): ScriptedUpstream {
  let failed = false;
  const upstream = startFakeUpstream((request) => {
    if (request.path.includes('count_tokens')) return { json: { input_tokens: 1000 } };
    if (options.failFirst && !failed) {
      failed = true;
      return options.failFirst;
    }
    const body = request.body as Record<string, unknown>;
    const index = Math.min(toolResultsIn(dialect, body), script.length - 1);
    const turn = offersTools(dialect, body) ? script[index] : { kind: 'text' as const, text: 'A title' };
    return encodeTurn(dialect, turn, streamed(dialect, request), index);
  });
  return { ...upstream, turns: () => upstream.requests.filter((request) => !request.path.includes('count_tokens')) };
}

function streamed(dialect: FakeDialect, request: RecordedRequest): boolean {
  if (dialect === 'kiro') return true;
  return dialect === 'gemini' ? request.path.includes('streamGenerateContent') : (request.body as { stream?: boolean }).stream === true;
}

function offersTools(dialect: FakeDialect, body: Record<string, unknown>): boolean {
  const tools = dialect === 'kiro' ? kiroCurrent(body).userInputMessageContext?.tools : (body.tools as unknown[] | undefined);
  if (!Array.isArray(tools) || tools.length === 0) return false;
  return dialect !== 'gemini' || tools.some((tool) => Array.isArray((tool as { functionDeclarations?: unknown[] }).functionDeclarations));
}

/** How many tool results the conversation holds, counted in the provider's own format. */
export function toolResultsIn(dialect: FakeDialect, body: Record<string, unknown>): number {
  switch (dialect) {
    case 'anthropic':
      return (body.messages as Array<{ content: unknown }>).reduce(
        (count, message) => count + (Array.isArray(message.content) ? message.content.filter((block) => block.type === 'tool_result').length : 0),
        0,
      );
    case 'openai':
    case 'deepseek':
    case 'openrouter':
      return (body.messages as Array<{ role: string }>).filter((message) => message.role === 'tool').length;
    case 'gemini':
      return (body.contents as Array<{ parts: Array<Record<string, unknown>> }>).reduce(
        (count, content) => count + content.parts.filter((part) => part.functionResponse !== undefined).length,
        0,
      );
    case 'kiro': {
      const state = body.conversationState as { history?: Array<{ userInputMessage?: KiroUserMessage }> };
      const users = [...(state.history ?? []).flatMap((entry) => (entry.userInputMessage ? [entry.userInputMessage] : [])), kiroCurrent(body)];
      return users.reduce((count, message) => count + (message.userInputMessageContext?.toolResults?.length ?? 0), 0);
    }
  }
}

type KiroUserMessage = { userInputMessageContext?: { tools?: unknown[]; toolResults?: unknown[] } };
const kiroCurrent = (body: Record<string, unknown>) => (body.conversationState as { currentMessage: { userInputMessage: KiroUserMessage } }).currentMessage.userInputMessage;

/** `turnIndex` makes each tool call's id unique within the conversation, as a provider's are. */
export function encodeTurn(dialect: FakeDialect, turn: ModelTurn, stream: boolean, turnIndex = 0): FakeReply {
  switch (dialect) {
    case 'anthropic':
      return stream ? { chunks: anthropicEvents(turn, turnIndex) } : { json: anthropicMessage(turn, turnIndex) };
    case 'openai':
    case 'deepseek':
    case 'openrouter':
      return stream ? { chunks: chatCompletionChunks(dialect, turn, turnIndex) } : { json: chatCompletion(dialect, turn, turnIndex) };
    case 'gemini':
      return stream ? { chunks: geminiChunks(turn), headers: { 'content-type': 'text/event-stream' } } : { json: geminiResponse(turn) };
    case 'kiro':
      // CodeWhisperer answers every request with an event stream.
      return codeWhispererReply(kiroFrames(turn, turnIndex));
  }
}

/** JSON text in three pieces, split inside strings as providers do. */
function pieces(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].filter((piece) => piece.length > 0);
}

const TOOL_ID_PREFIX = { anthropic: 'toolu_01Ab3dEf5gHi7jKl9mNo1p', openai: 'call_Ab3dEf5gHi7jKl9mNo1pQr', deepseek: 'call_00_Ab3dEf5gHi7jKl9mNo1', openrouter: 'call_or_Ab3dEf5gHi7jKl9m' };
const toolId = (dialect: keyof typeof TOOL_ID_PREFIX, turnIndex: number) => `${TOOL_ID_PREFIX[dialect]}${String(turnIndex).padStart(2, '0')}`;

// ---- Anthropic ----

function anthropicEvents(turn: ModelTurn, turnIndex: number): string[] {
  const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  const out = [
    event('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_01Xyz7sL3Nq8vP2kE5mR9TcA',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 2345, cache_creation_input_tokens: 0, cache_read_input_tokens: 1800, output_tokens: 3, service_tier: 'standard' },
      },
    }),
  ];
  let index = 0;
  if (turn.thinking) {
    out.push(event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    out.push(event('ping', { type: 'ping' }));
    out.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: turn.thinking } }));
    out.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h' } }));
    out.push(event('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  if (turn.kind === 'text') {
    out.push(event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
    for (const text of pieces(turn.text)) out.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } }));
  } else {
    out.push(event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: toolId('anthropic', turnIndex), name: turn.name, input: {} } }));
    out.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }));
    for (const partial_json of pieces(JSON.stringify(turn.input))) {
      out.push(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }));
    }
  }
  out.push(event('content_block_stop', { type: 'content_block_stop', index }));
  out.push(event('message_delta', { type: 'message_delta', delta: { stop_reason: turn.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: 42 } }));
  out.push(event('message_stop', { type: 'message_stop' }));
  return out;
}

function anthropicMessage(turn: ModelTurn, turnIndex: number): unknown {
  const content = turn.kind === 'text' ? [{ type: 'text', text: turn.text }] : [{ type: 'tool_use', id: toolId('anthropic', turnIndex), name: turn.name, input: turn.input }];
  return {
    id: 'msg_01Xyz7sL3Nq8vP2kE5mR9TcA',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content,
    stop_reason: turn.kind === 'text' ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 2345, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 42 },
  };
}

// ---- OpenAI Chat Completions and its dialects ----

function chatCompletionChunks(dialect: 'openai' | 'deepseek' | 'openrouter', turn: ModelTurn, turnIndex: number): string[] {
  const head =
    dialect === 'openai'
      ? { id: 'chatcmpl-CRt2b3c4d5e6f7g8h9i0j1', object: 'chat.completion.chunk', created: 1760000000, model: 'gpt-4.1-2025-04-14', service_tier: 'default', system_fingerprint: 'fp_b3f1157249' }
      : dialect === 'deepseek'
        ? { id: '7e1b3c5d-2f4a-4b6c-8d0e-1f2a3b4c5d6e', object: 'chat.completion.chunk', created: 1760000100, model: 'deepseek-reasoner', system_fingerprint: 'fp_ffc7281d48_prod0820_fp8_kvcache' }
        : { id: 'gen-1760000200-AbCdEfGhIjKlMnOpQrSt', provider: 'DeepInfra', model: 'deepseek/deepseek-r1', object: 'chat.completion.chunk', created: 1760000200 };
  const extra = dialect === 'openrouter' ? { native_finish_reason: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, tail: Record<string, unknown> = dialect === 'openai' ? { usage: null } : {}) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish, ...extra, ...(finish && dialect === 'openrouter' ? { native_finish_reason: 'stop' } : {}) }], ...tail })}\n\n`;
  const out: string[] = dialect === 'openrouter' ? [': OPENROUTER PROCESSING\n\n'] : [];
  out.push(chunk(dialect === 'deepseek' ? { role: 'assistant', content: null, reasoning_content: '' } : { role: 'assistant', content: dialect === 'openrouter' ? '' : null }));
  if (turn.thinking) {
    for (const piece of pieces(turn.thinking)) {
      if (dialect === 'deepseek') out.push(chunk({ content: null, reasoning_content: piece }));
      else if (dialect === 'openrouter') {
        out.push(chunk({ role: 'assistant', content: '', reasoning: piece, reasoning_details: [{ type: 'reasoning.text', text: piece, format: 'unknown', index: 0 }] }));
      }
    }
  }
  const callId = toolId(dialect, turnIndex);
  if (turn.kind === 'text') {
    for (const content of pieces(turn.text)) out.push(chunk({ content }));
  } else {
    out.push(chunk({ tool_calls: [{ index: 0, id: callId, type: 'function', function: { name: turn.name, arguments: '' } }] }));
    for (const args of pieces(JSON.stringify(turn.input))) out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] }));
  }
  const finish = turn.kind === 'text' ? 'stop' : 'tool_calls';
  const usage = { prompt_tokens: 2048, completion_tokens: 31, total_tokens: 2079 };
  switch (dialect) {
    case 'openai':
      out.push(chunk({}, finish));
      out.push(`data: ${JSON.stringify({ ...head, choices: [], usage: { ...usage, prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } } })}\n\n`);
      break;
    case 'deepseek':
      out.push(chunk({ content: null }, finish, { usage: { ...usage, prompt_cache_hit_tokens: 1792, prompt_cache_miss_tokens: 256 } }));
      break;
    case 'openrouter':
      out.push(chunk({ role: 'assistant', content: '' }, finish));
      out.push(': OPENROUTER PROCESSING\n\n');
      out.push(chunk({ role: 'assistant', content: '' }, null, { usage: { ...usage, prompt_tokens_details: { cached_tokens: 1024 }, cost: 0.00011, is_byok: false } }));
      break;
  }
  out.push('data: [DONE]\n\n');
  return out;
}

function chatCompletion(dialect: 'openai' | 'deepseek' | 'openrouter', turn: ModelTurn, turnIndex: number): unknown {
  const message =
    turn.kind === 'text'
      ? { role: 'assistant', content: turn.text }
      : { role: 'assistant', content: null, tool_calls: [{ id: toolId(dialect, turnIndex), type: 'function', function: { name: turn.name, arguments: JSON.stringify(turn.input) } }] };
  return {
    id: 'chatcmpl-CRt2b3c4d5e6f7g8h9i0j1',
    object: 'chat.completion',
    created: 1760000000,
    model: dialect === 'deepseek' ? 'deepseek-reasoner' : 'gpt-4.1-2025-04-14',
    choices: [{ index: 0, message: dialect === 'deepseek' && turn.thinking ? { ...message, reasoning_content: turn.thinking } : message, logprobs: null, finish_reason: turn.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: { prompt_tokens: 2048, completion_tokens: 31, total_tokens: 2079 },
  };
}

// ---- Gemini ----

const GEMINI_USAGE = { promptTokenCount: 5120, cachedContentTokenCount: 4096, totalTokenCount: 5200, thoughtsTokenCount: 80 };

function geminiParts(turn: ModelTurn): Array<Record<string, unknown>> {
  if (turn.kind === 'text') return [{ text: turn.text }];
  return [{ functionCall: { name: turn.name, args: turn.input }, thoughtSignature: 'CiQBVKhc7vB0ZG9uZV9zaWduYXR1cmVfMQ==' }];
}

function geminiChunks(turn: ModelTurn): string[] {
  const data = (candidate: Record<string, unknown>, usage: Record<string, unknown> = GEMINI_USAGE) =>
    `data: ${JSON.stringify({ candidates: [{ ...candidate, index: 0 }], usageMetadata: usage, modelVersion: 'gemini-2.5-pro', responseId: 'rTH1' })}\r\n\r\n`;
  const out: string[] = [];
  if (turn.thinking) out.push(data({ content: { parts: [{ text: turn.thinking, thought: true }], role: 'model' } }));
  if (turn.kind === 'text') {
    const texts = pieces(turn.text);
    texts.slice(0, -1).forEach((text) => out.push(data({ content: { parts: [{ text }], role: 'model' } })));
    out.push(data({ content: { parts: [{ text: texts.at(-1) }], role: 'model' }, finishReason: 'STOP' }, { ...GEMINI_USAGE, candidatesTokenCount: 31, totalTokenCount: 5311 }));
  } else {
    out.push(data({ content: { parts: geminiParts(turn), role: 'model' }, finishReason: 'STOP' }, { ...GEMINI_USAGE, candidatesTokenCount: 31, totalTokenCount: 5311 }));
  }
  return out;
}

function geminiResponse(turn: ModelTurn): unknown {
  return {
    candidates: [{ content: { parts: geminiParts(turn), role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { ...GEMINI_USAGE, candidatesTokenCount: 31, totalTokenCount: 5311 },
    modelVersion: 'gemini-2.5-pro',
    responseId: 'rTH1',
  };
}

// ---- Kiro / CodeWhisperer ----

function kiroFrames(turn: ModelTurn, turnIndex: number): FixtureFrame[] {
  const frames: FixtureFrame[] = [];
  const text = (content: string) => frames.push({ event: 'assistantResponseEvent', payload: { content } });
  if (turn.thinking) for (const piece of pieces(`<thinking>\n${turn.thinking}</thinking>\n\n`)) text(piece);
  if (turn.kind === 'text') for (const piece of pieces(turn.text)) text(piece);
  else {
    const toolUseId = `tooluse_Ab3dEf5gHi7jKl9mNo${String(turnIndex).padStart(2, '0')}`;
    frames.push({ event: 'toolUseEvent', payload: { name: turn.name, toolUseId } });
    for (const input of pieces(JSON.stringify(turn.input))) frames.push({ event: 'toolUseEvent', payload: { name: turn.name, toolUseId, input } });
    frames.push({ event: 'toolUseEvent', payload: { name: turn.name, toolUseId, stop: true } });
  }
  frames.push({ event: 'contextUsageEvent', payload: { contextUsagePercentage: 2.3 } });
  return frames;
}
