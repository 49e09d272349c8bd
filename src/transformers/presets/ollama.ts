/**
 * `ollama`: Ollama's OpenAI-compatible endpoint (`http://localhost:11434/v1/chat/completions`).
 * It needs no API key; usage in streams comes from the `stream_options.include_usage` the openai
 * dialect sends, which Ollama takes.
 * @see https://docs.ollama.com/api/openai-compatibility
 */
import type { TransformerDefinition } from '../types';

export const ollama: TransformerDefinition = {
  name: 'ollama',
  description: 'Ollama (OpenAI-compatible endpoint): the openai dialect, usage in streams included.',
  create: () => ({ dialect: 'openai' }),
};
