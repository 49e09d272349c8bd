/**
 * A deliberately naive converting proxy: Anthropic `POST /v1/messages` in, OpenAI chat completions
 * out. The issue sets its targets as "a naive converting proxy on Bun reaches all of these", so this
 * is that floor, measured on the same machine in the same rounds as ccr. Like ccr it parses the
 * request, converts it, and parses and converts every chunk of a stream; unlike ccr it routes,
 * validates, logs and handles errors not at all. Written the obvious way on purpose (request.json,
 * string buffering, JSON.parse and JSON.stringify per event): it must not be tuned, or it stops
 * being the reference the targets speak of.
 *
 * NAIVE_UPSTREAM is the mock's origin (http://127.0.0.1:PORT). The model is the part after the
 * comma of `provider,model`, as ccr's explicit routes are written.
 * Port from NAIVE_PORT (0 = any free port); prints `{"port":N}` on stdout once listening.
 */
import { exitWithParent } from './exit-with-parent';

const upstream = process.env.NAIVE_UPSTREAM;
if (!upstream) {
  console.error('NAIVE_UPSTREAM is not set');
  process.exit(2);
}
const completionsUrl = `${upstream}/v1/chat/completions`;

interface TextBlock {
  type: string;
  text?: string;
}

interface MessagesRequest {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | TextBlock[];
  messages: { role: string; content: string | TextBlock[] }[];
  tools?: { name: string; description?: string; input_schema: unknown }[];
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

interface Completion {
  id: string;
  choices: { message: { content: string | null }; finish_reason: string | null }[];
  usage: Usage;
}

interface CompletionChunk {
  id: string;
  choices: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: Usage | null;
}

const STOP_REASONS: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' };
const textOf = (content: string | TextBlock[]) => (typeof content === 'string' ? content : content.map((block) => block.text ?? '').join(''));
const sse = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const encoder = new TextEncoder();

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.NAIVE_PORT ?? 0),
  idleTimeout: 0,
  async fetch(request) {
    const body = (await request.json()) as MessagesRequest;
    const model = body.model.slice(body.model.indexOf(',') + 1);
    const messages: { role: string; content: string }[] = [];
    if (body.system) messages.push({ role: 'system', content: textOf(body.system) });
    for (const message of body.messages) messages.push({ role: message.role, content: textOf(message.content) });
    // Tools are mapped too, so the 130 KB request reaches the mock with the same content as ccr's.
    const tools = body.tools?.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }));
    const response = await fetch(completionsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
      body: JSON.stringify({ model, messages, tools, max_tokens: body.max_tokens, stream: body.stream, ...(body.stream ? { stream_options: { include_usage: true } } : {}) }),
    });

    if (!body.stream) {
      const completion = (await response.json()) as Completion;
      const choice = completion.choices[0];
      return Response.json({
        id: `msg_${completion.id}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text: choice.message.content ?? '' }],
        stop_reason: STOP_REASONS[choice.finish_reason ?? 'stop'] ?? 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: completion.usage.prompt_tokens, output_tokens: completion.usage.completion_tokens },
      });
    }

    const decoder = new TextDecoder();
    let buffered = '';
    let started = false;
    let blockOpen = false;
    let stopReason = 'end_turn';
    let outputTokens = 0;
    const convert = new TransformStream<Uint8Array, Uint8Array>({
      transform(bytes, controller) {
        buffered += decoder.decode(bytes, { stream: true });
        let out = '';
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const data = buffered.slice('data: '.length, end);
          buffered = buffered.slice(end + 2);
          if (data === '[DONE]') {
            if (blockOpen) out += sse('content_block_stop', { type: 'content_block_stop', index: 0 });
            out += sse('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
            out += sse('message_stop', { type: 'message_stop' });
            continue;
          }
          const chunk = JSON.parse(data) as CompletionChunk;
          if (!started) {
            started = true;
            const message = { id: `msg_${chunk.id}`, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
            out += sse('message_start', { type: 'message_start', message });
          }
          if (chunk.usage) outputTokens = chunk.usage.completion_tokens;
          const choice = chunk.choices[0];
          if (choice?.finish_reason) stopReason = STOP_REASONS[choice.finish_reason] ?? 'end_turn';
          const text = choice?.delta?.content;
          if (text) {
            if (!blockOpen) {
              blockOpen = true;
              out += sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
            }
            out += sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
          }
        }
        if (out) controller.enqueue(encoder.encode(out));
      },
    });
    return new Response(response.body!.pipeThrough(convert), { headers: { 'content-type': 'text/event-stream' } });
  },
});

exitWithParent(() => server.stop(true));
console.log(JSON.stringify({ port: server.port }));
