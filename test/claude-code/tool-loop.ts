/**
 * The conversation every real-client test plays: the model writes a file with non-ASCII content,
 * reads it back with a second tool, then answers. Shared by the capture script and the tests.
 */
import type { ModelTurn } from '../support/scripted-model';

export const TOOL_LOOP_FILE = 'greeting.txt';
/** Accents, CJK, an emoji outside the BMP and a right-to-left word: bytes a converter could mangle. */
export const TOOL_LOOP_CONTENT = 'Grüße, café — 你好 🌍 שלום\nline two: «ok»\n';
export const TOOL_LOOP_PROMPT = `Write the greeting file ${TOOL_LOOP_FILE}, check it, and tell me when you are done.`;
export const TOOL_LOOP_ANSWER = 'Done: the greeting is written and checked.';

export function toolLoopScript(filePath: string): ModelTurn[] {
  return [
    { kind: 'tool_use', name: 'Write', input: { file_path: filePath, content: TOOL_LOOP_CONTENT }, thinking: 'I will write the file first.' },
    { kind: 'tool_use', name: 'Bash', input: { command: `cat ${filePath}`, description: 'Show the greeting file' } },
    { kind: 'text', text: TOOL_LOOP_ANSWER },
  ];
}
