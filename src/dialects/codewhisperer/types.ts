/**
 * CodeWhisperer / Kiro `generateAssistantResponse`, the subset ccr writes and reads. The service has
 * no public reference; the shapes are those public clients send and parse (sources in
 * ../shared/protocols/kiro.md and test/fixtures/codewhisperer/README.md).
 */
import type { JsonSchema } from '../anthropic/types';

/** `AI_EDITOR` for the IDE's REST endpoint, `KIRO_CLI` for kiro-cli's awsJson1.0 one. */
export type CodeWhispererOrigin = 'AI_EDITOR' | 'KIRO_CLI';

export interface CodeWhispererTool {
  toolSpecification: { name: string; description: string; inputSchema: { json: JsonSchema } };
}

export interface CodeWhispererToolResult {
  toolUseId: string;
  content: Array<{ text: string }>;
  status: 'success' | 'error';
}

export interface CodeWhispererToolUse {
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
}

/** Base64 bytes only; `format` is the image subtype (`png`, `jpeg`, `gif`, `webp`). */
export interface CodeWhispererImage {
  format: string;
  source: { bytes: string };
}

export interface UserInputMessage {
  content: string;
  /** Repeated on every user turn, as the service requires. */
  modelId: string;
  origin: CodeWhispererOrigin;
  images?: CodeWhispererImage[];
  userInputMessageContext?: {
    /** Only on the current message. */
    tools?: CodeWhispererTool[];
    toolResults?: CodeWhispererToolResult[];
  };
}

export interface AssistantResponseMessage {
  content: string;
  toolUses?: CodeWhispererToolUse[];
}

export type CodeWhispererHistoryEntry = { userInputMessage: UserInputMessage } | { assistantResponseMessage: AssistantResponseMessage };

export interface CodeWhispererRequest {
  /** Added per credential at call time (social sign-in), never by the converter. */
  profileArn?: string;
  conversationState: {
    chatTriggerType: 'MANUAL';
    conversationId: string;
    agentTaskType: 'vibe';
    currentMessage: { userInputMessage: UserInputMessage };
    /** Starts with a user turn, alternates, ends with an assistant turn; absent when empty. */
    history?: CodeWhispererHistoryEntry[];
  };
}

/**
 * One decoded stream event: the `:event-type` header and the JSON payload, as the stream reader
 * hands it to the stream converter.
 */
export type CodeWhispererEvent =
  | { type: 'assistantResponseEvent'; payload: { content?: string } }
  | { type: 'toolUseEvent'; payload: { toolUseId?: string; name?: string; input?: string | Record<string, unknown>; stop?: boolean } }
  | { type: 'reasoningContentEvent'; payload: { text?: string; signature?: string; redactedContent?: string } }
  | { type: 'contextUsageEvent'; payload: { contextUsagePercentage?: number } }
  | { type: 'metadataEvent' | 'messageMetadataEvent'; payload: CodeWhispererMetadata }
  | { type: 'meteringEvent'; payload: { unit?: string; usage?: number } }
  | { type: 'other'; eventType: string; payload: Record<string, unknown> };

/** @see test/fixtures/codewhisperer/README.md (metadata-usage) */
export interface CodeWhispererMetadata {
  stopReason?: CodeWhispererStopReason | (string & {});
  tokenUsage?: {
    uncachedInputTokens?: number;
    outputTokens?: number;
    totalTokens?: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
    contextUsagePercentage?: number;
  };
}

export type CodeWhispererStopReason = 'END_TURN' | 'TOOL_USE' | 'MAX_TOKENS' | 'MODEL_CONTEXT_WINDOW_EXCEEDED' | 'CONTENT_FILTERED' | 'PAUSE_TURN' | 'UNKNOWN';
