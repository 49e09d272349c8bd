/**
 * What each provider refuses with a 400, checked on a converted body: a test that the conversion
 * produced something the real upstream would take. Each rule names its source; each function
 * returns the violations found (an empty list is a pass), so a failing test says what broke.
 */

type Json = Record<string, any>;

/** OpenAI and OpenAI-compatible tool names. @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools */
const OPENAI_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const OPENAI_ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

export interface OpenAIRuleOptions {
  /**
   * The upstream takes a system message only as the first message (DeepSeek's reasoner, the chat
   * templates of many open models). @see https://api-docs.deepseek.com/guides/reasoning_model
   */
  systemOnlyFirst?: boolean;
}

/**
 * Chat Completions: every role known; an assistant message's tool calls answered by `tool` messages
 * right after it, each naming one of its calls, none left unanswered ("An assistant message with
 * 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'"); no `tool`
 * message elsewhere; content null only beside tool calls; function names within OpenAI's pattern.
 * @see https://platform.openai.com/docs/guides/function-calling
 */
export function openAIRuleViolations(body: Json, options: OpenAIRuleOptions = {}): string[] {
  const problems: string[] = [];
  const messages: Json[] = body.messages ?? [];
  if (messages.length === 0) problems.push('messages is empty');
  let open: Set<string> | undefined;
  messages.forEach((message, i) => {
    if (!OPENAI_ROLES.has(message.role)) problems.push(`messages[${i}].role ${JSON.stringify(message.role)} is not a Chat Completions role`);
    if (message.role === 'system' && i > 0 && options.systemOnlyFirst) problems.push(`messages[${i}] is a system message after the first message`);
    if (message.role === 'tool') {
      if (!open) problems.push(`messages[${i}] is a tool message that follows no assistant tool_calls`);
      else if (!open.delete(message.tool_call_id)) problems.push(`messages[${i}] answers ${message.tool_call_id}, which the assistant did not call (or was answered already)`);
      if (typeof message.content !== 'string') problems.push(`messages[${i}] tool content is not a string`);
      return;
    }
    if (open && open.size > 0) problems.push(`messages[${i - 1}]: tool calls ${[...open].join(', ')} have no tool message`);
    open = undefined;
    if (message.role === 'assistant') {
      const calls: Json[] = message.tool_calls ?? [];
      if (message.content === null && calls.length === 0) problems.push(`messages[${i}] has null content and no tool calls`);
      if (calls.length > 0) open = new Set(calls.map((call) => call.id));
      for (const call of calls) {
        if (!OPENAI_TOOL_NAME.test(call.function?.name ?? '')) problems.push(`messages[${i}] calls a function named ${JSON.stringify(call.function?.name)}`);
        try {
          JSON.parse(call.function.arguments);
        } catch {
          problems.push(`messages[${i}] tool call ${call.id} has arguments that are not JSON`);
        }
      }
    } else if (message.content === null || message.content === undefined) problems.push(`messages[${i}] (${message.role}) has no content`);
  });
  if (open && open.size > 0) problems.push(`the last assistant message's tool calls ${[...open].join(', ')} have no tool message`);
  for (const tool of body.tools ?? []) {
    if (tool.type !== 'function' || !OPENAI_TOOL_NAME.test(tool.function?.name ?? '')) problems.push(`tool ${JSON.stringify(tool.function?.name)} is not a valid function`);
    if (tool.function?.parameters && tool.function.parameters.type !== 'object') problems.push(`tool ${tool.function.name}: parameters is not an object schema`);
  }
  return problems;
}

/** Gemini's Schema object: every keyword it knows. @see https://ai.google.dev/api/caching#Schema */
const GEMINI_SCHEMA_KEYWORDS = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties',
  'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum',
]);
const GEMINI_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT']);

/**
 * Gemini generateContent: roles `user` and `model` only, alternating, opening with `user`; a model
 * turn's function calls answered by the next user turn with as many function responses ("Please
 * ensure that the number of function response parts is equal to the number of function call parts");
 * no empty parts; tool parameters made of Schema keywords only.
 * @see https://ai.google.dev/api/caching#Content
 * @see https://ai.google.dev/gemini-api/docs/function-calling
 */
export function geminiRuleViolations(body: Json): string[] {
  const problems: string[] = [];
  const contents: Json[] = body.contents ?? [];
  if (contents.length === 0) problems.push('contents is empty');
  if (contents[0] && contents[0].role !== 'user') problems.push('contents[0] is not a user turn');
  contents.forEach((content, i) => {
    if (content.role !== 'user' && content.role !== 'model') problems.push(`contents[${i}].role ${JSON.stringify(content.role)} is not user or model`);
    if (i > 0 && contents[i - 1].role === content.role) problems.push(`contents[${i - 1}] and contents[${i}] are both ${content.role} turns`);
    if (!Array.isArray(content.parts) || content.parts.length === 0) problems.push(`contents[${i}] has no parts`);
    const calls = (content.parts ?? []).filter((part: Json) => part.functionCall).length;
    if (content.role === 'model' && calls > 0) {
      const responses = (contents[i + 1]?.parts ?? []).filter((part: Json) => part.functionResponse).length;
      if (contents[i + 1] && responses !== calls) problems.push(`contents[${i}] makes ${calls} function calls, contents[${i + 1}] answers ${responses}`);
    }
  });
  for (const tool of body.tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? []) {
      if (declaration.parameters) checkGeminiSchema(declaration.parameters, `${declaration.name}.parameters`, problems);
    }
  }
  return problems;
}

function checkGeminiSchema(schema: Json, path: string, problems: string[]): void {
  for (const [keyword, value] of Object.entries(schema)) {
    if (!GEMINI_SCHEMA_KEYWORDS.has(keyword)) problems.push(`${path}: keyword ${keyword} is not in Gemini's Schema`);
    if (keyword === 'type' && !GEMINI_TYPES.has(value as string)) problems.push(`${path}: type ${JSON.stringify(value)} is not a Gemini type`);
  }
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) checkGeminiSchema(property, `${path}.${name}`, problems);
  if (schema.items) checkGeminiSchema(schema.items, `${path}.items`, problems);
  (schema.anyOf ?? []).forEach((option: Json, i: number) => checkGeminiSchema(option, `${path}.anyOf[${i}]`, problems));
}

/**
 * Anthropic Messages: user and assistant turns (system messages only right after a user turn, where
 * the API takes them), tool results in the user turn right after their tool_use, every tool_use answered.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://platform.claude.com/docs/en/build-with-claude/mid-conversation-system-messages
 */
export function anthropicRuleViolations(body: Json, options: { systemMessages: boolean }): string[] {
  const problems: string[] = [];
  const messages: Json[] = body.messages ?? [];
  let open = new Set<string>();
  let previousTurn: string | undefined;
  messages.forEach((message, i) => {
    if (message.role === 'system') {
      if (!options.systemMessages) problems.push(`messages[${i}] is a system message, which this upstream refuses`);
      else if (previousTurn !== 'user') problems.push(`messages[${i}] is a system message that does not follow a user turn`);
      return;
    }
    if (message.role !== 'user' && message.role !== 'assistant') problems.push(`messages[${i}].role ${JSON.stringify(message.role)} is not user or assistant`);
    const blocks: Json[] = typeof message.content === 'string' ? [] : message.content;
    if (message.role === 'user') {
      for (const block of blocks) if (block.type === 'tool_result' && !open.delete(block.tool_use_id)) problems.push(`messages[${i}] answers ${block.tool_use_id}, which is not open`);
      if (open.size > 0) problems.push(`messages[${i}]: tool uses ${[...open].join(', ')} are not answered`);
      open = new Set();
    } else {
      open = new Set(blocks.filter((block) => block.type === 'tool_use').map((block) => block.id));
    }
    previousTurn = message.role;
  });
  return problems;
}

/** Tool names as Kiro clients keep them: 64 characters of letters, digits, `_` and `-`. */
const CODEWHISPERER_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * CodeWhisperer generateAssistantResponse: the history opens with a user turn, alternates and ends
 * with an assistant turn (consecutive turns of one role are a 400); each assistant turn's tool uses
 * are answered, all of them, by the next user turn (the current message for the last), and no
 * result answers anything else; tool use ids unique and non-empty; every tool the history calls is
 * declared on the current message; names within the limit, descriptions non-empty and within 10,000
 * characters; modelId and origin on every user turn; no null anywhere.
 * @see test/fixtures/codewhisperer/README.md
 */
export function codeWhispererRuleViolations(body: Json): string[] {
  const problems: string[] = [];
  const state = body.conversationState ?? {};
  const history: Json[] = state.history ?? [];
  const current = state.currentMessage?.userInputMessage;
  if (!current) return ['conversationState.currentMessage.userInputMessage is missing'];
  if (state.history !== undefined && history.length === 0) problems.push('history is present but empty');
  if (holdsNull(body)) problems.push('the body holds a null');
  const turns: Array<{ role: 'user' | 'assistant'; message: Json; where: string }> = history.map((entry, i) =>
    entry.userInputMessage ? { role: 'user', message: entry.userInputMessage, where: `history[${i}]` } : { role: 'assistant', message: entry.assistantResponseMessage, where: `history[${i}]` },
  );
  turns.push({ role: 'user', message: current, where: 'currentMessage' });
  if (turns[0].role !== 'user') problems.push('history does not open with a user turn');
  const seenIds = new Set<string>();
  const usedNames = new Set<string>();
  turns.forEach((turn, i) => {
    if (!turn.message) return problems.push(`${turn.where} is neither a user nor an assistant message`);
    if (i > 0 && turns[i - 1].role === turn.role) problems.push(`${turns[i - 1].where} and ${turn.where} are both ${turn.role} turns`);
    if (typeof turn.message.content !== 'string') problems.push(`${turn.where}.content is not a string`);
    if (turn.role === 'user') {
      if (!turn.message.modelId) problems.push(`${turn.where} has no modelId`);
      if (turn.message.origin !== 'AI_EDITOR' && turn.message.origin !== 'KIRO_CLI') problems.push(`${turn.where} has origin ${turn.message.origin}`);
      const open = new Set<string>(i > 0 ? (turns[i - 1].message?.toolUses ?? []).map((use: Json) => use.toolUseId) : []);
      for (const result of turn.message.userInputMessageContext?.toolResults ?? []) {
        if (!open.delete(result.toolUseId)) problems.push(`${turn.where} answers ${result.toolUseId}, which the turn before did not call (or was answered already)`);
        if (result.status !== 'success' && result.status !== 'error') problems.push(`${turn.where} result ${result.toolUseId} has status ${result.status}`);
        if (!Array.isArray(result.content) || result.content.some((item: Json) => typeof item.text !== 'string' || item.text.length === 0)) problems.push(`${turn.where} result ${result.toolUseId} has empty content`);
      }
      if (open.size > 0) problems.push(`${turns[i - 1].where}: tool uses ${[...open].join(', ')} are not answered by ${turn.where}`);
      if (turn !== turns[turns.length - 1] && turn.message.userInputMessageContext?.tools) problems.push(`${turn.where} declares tools (only the current message may)`);
    } else {
      for (const use of turn.message.toolUses ?? []) {
        if (!use.toolUseId || seenIds.has(use.toolUseId)) problems.push(`${turn.where} tool use id ${JSON.stringify(use.toolUseId)} is empty or repeated`);
        seenIds.add(use.toolUseId);
        usedNames.add(use.name);
        if (typeof use.input !== 'object' || use.input === null || Array.isArray(use.input)) problems.push(`${turn.where} tool use ${use.toolUseId} input is not an object`);
      }
    }
  });
  if (current.content.length === 0) problems.push('currentMessage.content is empty');
  const tools: Json[] = current.userInputMessageContext?.tools ?? [];
  const declared = new Set(tools.map((tool) => tool.toolSpecification?.name));
  for (const tool of tools) {
    const spec = tool.toolSpecification ?? {};
    if (!CODEWHISPERER_TOOL_NAME.test(spec.name ?? '')) problems.push(`tool name ${JSON.stringify(spec.name)} is outside the limits`);
    if (typeof spec.description !== 'string' || spec.description.trim().length === 0 || spec.description.length > 10000) problems.push(`tool ${spec.name} description is empty or too long`);
    if (typeof spec.inputSchema?.json !== 'object') problems.push(`tool ${spec.name} has no inputSchema.json`);
  }
  for (const name of usedNames) if (!declared.has(name)) problems.push(`the history calls ${name}, which the current message does not declare`);
  return problems;
}

function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  return Object.values(value as object).some(holdsNull);
}
