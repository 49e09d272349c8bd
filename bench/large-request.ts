/**
 * A request the size Claude Code sends (~130 KB: a long system prompt, 40 turns, 17 tools with
 * JSON schemas), in both dialects with the same content. Deterministic: no Math.random.
 */
const WORDS = ['the', 'function', 'returns', 'a', 'value', 'when', 'called', 'with', 'options', 'file', 'path', 'string', 'number'];

function words(count: number, seed: number): string {
  let state = seed;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[state % WORDS.length]);
  }
  return out.join(' ');
}

const schema = (seed: number) => ({
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`param_${i}`, { type: 'string', description: words(25, seed * 10 + i) }])),
  required: ['param_0'],
});

const system = words(2000, 1);
const turns = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', text: words(250, 100 + i) }));
// The last turn is the user's, as in any request that asks for an answer.
turns.push({ role: 'user', text: 'Say hello.' });
const tools = Array.from({ length: 17 }, (_, i) => ({ name: `Tool${i}`, description: words(300, 200 + i), parameters: schema(i) }));

export function largeAnthropicRequest(model: string, stream: boolean): Record<string, unknown> {
  return {
    model,
    max_tokens: 64,
    stream,
    system: [{ type: 'text', text: system }],
    messages: turns.map((turn) => ({ role: turn.role, content: [{ type: 'text', text: turn.text }] })),
    tools: tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters })),
  };
}

export function largeOpenAIRequest(model: string, stream: boolean): Record<string, unknown> {
  return {
    model,
    max_tokens: 64,
    stream,
    messages: [{ role: 'system', content: system }, ...turns.map((turn) => ({ role: turn.role, content: turn.text }))],
    tools: tools.map((tool) => ({ type: 'function', function: tool })),
  };
}
