/**
 * `ollama`: Ollama's OpenAI-compatible endpoint (`http://localhost:11434/v1/chat/completions`).
 * It needs no API key and takes `stream_options.include_usage`, which is asked for so that streamed
 * answers report their token counts (Claude Code shows them, ccr accounts them).
 * @see https://docs.ollama.com/api/openai-compatibility
 */
import { mergeHooks } from '../merge-hooks';
import { streamOptionsHooks } from '../streamoptions';
import type { TransformerDefinition } from '../types';

export const ollama: TransformerDefinition = {
  name: 'ollama',
  description: 'Ollama (OpenAI-compatible endpoint): asks for usage in streams.',
  source: 'builtin',
  create: () => mergeHooks([{ dialect: 'openai' }, streamOptionsHooks(true)]),
};
