/**
 * OpenAPI descriptions of the Anthropic-compatible endpoints. The handlers parse bodies
 * themselves (see messages.ts), so the schemas are given to Swagger here rather than as
 * Elysia validators; they are documentation, open to every field Anthropic adds.
 */
import { Type } from '@sinclair/typebox';

const open = { additionalProperties: true } as const;

const ContentBlock = Type.Object({ type: Type.String({ description: 'text, image, document, tool_use, tool_result, thinking, …' }) }, open);
const Message = Type.Object(
  {
    role: Type.String({ description: 'user, assistant, or system / developer at any position (applies from there on); a newer role is converted with a warning' }),
    content: Type.Union([Type.String(), Type.Array(ContentBlock)]),
  },
  open,
);
const Tool = Type.Object({ name: Type.String(), description: Type.Optional(Type.String()), input_schema: Type.Optional(Type.Object({}, open)), type: Type.Optional(Type.String()) }, open);

const MessagesRequestSchema = Type.Object(
  {
    model: Type.String({ description: 'A model name (routed by category) or "provider,model" to pick a target explicitly', examples: ['claude-sonnet-4-5', 'openrouter,anthropic/claude-sonnet-4'] }),
    messages: Type.Array(Message),
    max_tokens: Type.Integer({ minimum: 1 }),
    system: Type.Optional(Type.Union([Type.String(), Type.Array(ContentBlock)])),
    stream: Type.Optional(Type.Boolean()),
    temperature: Type.Optional(Type.Number()),
    top_p: Type.Optional(Type.Number()),
    top_k: Type.Optional(Type.Number()),
    stop_sequences: Type.Optional(Type.Array(Type.String())),
    tools: Type.Optional(Type.Array(Tool)),
    tool_choice: Type.Optional(Type.Object({ type: Type.String() }, open)),
    thinking: Type.Optional(Type.Object({ type: Type.String(), budget_tokens: Type.Optional(Type.Integer()) }, open)),
    metadata: Type.Optional(Type.Object({ user_id: Type.Optional(Type.String()) }, open)),
  },
  open,
);

const Usage = Type.Object(
  {
    input_tokens: Type.Integer(),
    output_tokens: Type.Integer(),
    cache_read_input_tokens: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    cache_creation_input_tokens: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  open,
);

const MessageResponseSchema = Type.Object(
  {
    id: Type.String({ examples: ['msg_01XFDUDYJgAACzvnptvVoYEL'] }),
    type: Type.Literal('message'),
    role: Type.Literal('assistant'),
    model: Type.String(),
    content: Type.Array(ContentBlock),
    stop_reason: Type.Union([Type.String(), Type.Null()]),
    stop_sequence: Type.Union([Type.String(), Type.Null()]),
    usage: Usage,
  },
  open,
);

const ErrorSchema = Type.Object({
  type: Type.Literal('error'),
  error: Type.Object({ type: Type.String({ examples: ['invalid_request_error'] }), message: Type.String() }),
});

const json = (schema: unknown) => ({ 'application/json': { schema } });
const errorResponses = {
  400: { description: 'Invalid request (bad JSON, missing field, unknown provider)', content: json(ErrorSchema) },
  401: { description: 'APIKEY is set and the request did not carry it', content: json(ErrorSchema) },
  413: { description: 'Body over BODY_LIMIT_BYTES', content: json(ErrorSchema) },
  429: { description: 'The provider rate-limited the call; retry-after is kept', content: json(ErrorSchema) },
  502: { description: 'Provider unreachable', content: json(ErrorSchema) },
  504: { description: 'Provider silent past API_TIMEOUT_MS', content: json(ErrorSchema) },
};

// The swagger plugin takes OpenAPI operation objects as `detail`; the cast keeps Elysia's narrower type happy.
export const messagesDoc = {
  tags: ['Anthropic API'],
  summary: 'Create a message',
  description:
    'Anthropic Messages API. Routed by category (explicit provider,model, custom router, rules, subagent tag, longContext, background, webSearch, think, image, default) and converted for the chosen provider. With "stream": true the answer is Anthropic SSE. The x-ccr-route response header names the category and target.',
  requestBody: { required: true, content: json(MessagesRequestSchema) },
  responses: {
    200: {
      description: 'A message (JSON), or an event stream when stream is true',
      content: { ...json(MessageResponseSchema), 'text/event-stream': { schema: { type: 'string' } } },
    },
    ...errorResponses,
  },
} as Record<string, unknown>;

export const countTokensDoc = {
  tags: ['Anthropic API'],
  summary: 'Count input tokens',
  description: 'Counts the tokens of system, messages, tool definitions, tool inputs and results with js-tiktoken (cl100k_base).',
  requestBody: { required: true, content: json(Type.Omit(MessagesRequestSchema, ['max_tokens'])) },
  responses: {
    200: { description: 'The count', content: json(Type.Object({ input_tokens: Type.Integer() })) },
    400: errorResponses[400],
    401: errorResponses[401],
  },
} as Record<string, unknown>;
