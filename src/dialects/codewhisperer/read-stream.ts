/**
 * The CodeWhisperer response body → stream data: the event-stream framing decoded
 * (event-stream.ts), then each message read by its `:message-type`: an `event` is a chunk for the
 * stream converter (its JSON payload and `:event-type`), an `exception` or `error` an error the
 * provider reported inside its 200 stream, a corrupt frame an error too. `initial-response` (the
 * awsJson1.0 preamble) carries nothing for the answer.
 * @see https://smithy.io/2.0/aws/amazon-eventstream.html#amazon-event-semantics
 */
import { readJsonObject } from '../read-json';
import { STREAM_SKIP, type StreamData, type StreamReader } from '../types';
import { errorBodyForErrorMessage, errorBodyForException } from './errors';
import { EventStreamDecoder, stringHeader, type EventStreamRead } from './event-stream';
import type { CodeWhispererEvent } from './types';

const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'assistantResponseEvent',
  'toolUseEvent',
  'reasoningContentEvent',
  'contextUsageEvent',
  'metadataEvent',
  'messageMetadataEvent',
  'meteringEvent',
]);

const utf8 = new TextDecoder();

export function createCodeWhispererStreamReader(): StreamReader<CodeWhispererEvent> {
  const decoder = new EventStreamDecoder();
  const read = (reads: EventStreamRead[]) => reads.map(readMessage).filter((data) => data !== STREAM_SKIP);
  return {
    push: (bytes) => read(decoder.push(bytes)),
    end: () => read(decoder.end()),
  };
}

function readMessage(read: EventStreamRead): StreamData<CodeWhispererEvent> {
  if (read.kind === 'error') return { kind: 'error', error: { type: 'api_error', message: `CodeWhisperer sent a corrupt stream: ${read.message}` } };
  const { message } = read;
  const messageType = stringHeader(message, ':message-type') ?? 'event';
  switch (messageType) {
    case 'event':
      return readCodeWhispererStreamData(utf8.decode(message.payload), stringHeader(message, ':event-type'));
    case 'exception':
      return { kind: 'error', error: errorBodyForException(stringHeader(message, ':exception-type') ?? 'Exception', utf8.decode(message.payload)) };
    case 'error':
      return { kind: 'error', error: errorBodyForErrorMessage(stringHeader(message, ':error-code'), stringHeader(message, ':error-message')) };
    default:
      return STREAM_SKIP;
  }
}

/** One event's JSON payload, named by its `:event-type`. */
export function readCodeWhispererStreamData(data: string, eventType: string | undefined): StreamData<CodeWhispererEvent> {
  if (eventType === 'initial-response') return STREAM_SKIP;
  if (data.trim().length === 0) return eventType ? { kind: 'chunk', chunk: { type: 'other', eventType, payload: {} } } : STREAM_SKIP;
  const read = readJsonObject(data);
  if (!read.ok) return { kind: 'error', error: read.error };
  const type = eventType ?? 'unnamed';
  if (KNOWN_EVENTS.has(type)) return { kind: 'chunk', chunk: { type, payload: read.value } as CodeWhispererEvent };
  return { kind: 'chunk', chunk: { type: 'other', eventType: type, payload: read.value } };
}
