/**
 * The providers `ccr setup` knows: each fills in the endpoint, the transformer that speaks its
 * dialect, a key variable and a default model. Data only.
 */
export interface ProviderPreset {
  name: string;
  label: string;
  api_base_url: string;
  transformer?: string;
  /** Where its key usually lives; offered as `$VAR`. */
  keyVariable?: string;
  /** A local server needs no key. */
  keyless?: boolean;
  models: string[];
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    name: 'deepseek',
    label: 'DeepSeek',
    api_base_url: 'https://api.deepseek.com/chat/completions',
    transformer: 'deepseek',
    keyVariable: 'DEEPSEEK_API_KEY',
    models: ['deepseek-chat', 'deepseek-reasoner'],
  },
  {
    name: 'openrouter',
    label: 'OpenRouter',
    api_base_url: 'https://openrouter.ai/api/v1/chat/completions',
    transformer: 'openrouter',
    keyVariable: 'OPENROUTER_API_KEY',
    models: ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-pro', 'deepseek/deepseek-chat-v3.1'],
  },
  { name: 'openai', label: 'OpenAI', api_base_url: 'https://api.openai.com/v1/chat/completions', transformer: 'openai', keyVariable: 'OPENAI_API_KEY', models: ['gpt-4.1', 'gpt-4.1-mini'] },
  {
    name: 'gemini',
    label: 'Google Gemini',
    api_base_url: 'https://generativelanguage.googleapis.com/v1beta/models/',
    transformer: 'gemini',
    keyVariable: 'GEMINI_API_KEY',
    models: ['gemini-2.5-pro', 'gemini-2.5-flash'],
  },
  {
    name: 'groq',
    label: 'Groq',
    api_base_url: 'https://api.groq.com/openai/v1/chat/completions',
    transformer: 'groq',
    keyVariable: 'GROQ_API_KEY',
    models: ['llama-3.3-70b-versatile', 'moonshotai/kimi-k2-instruct'],
  },
  { name: 'ollama', label: 'Ollama (local)', api_base_url: 'http://localhost:11434/v1/chat/completions', transformer: 'ollama', keyless: true, models: ['qwen2.5-coder:latest'] },
  {
    name: 'siliconflow',
    label: 'SiliconFlow',
    api_base_url: 'https://api.siliconflow.cn/v1/chat/completions',
    transformer: 'siliconflow',
    keyVariable: 'SILICONFLOW_API_KEY',
    models: ['moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-V3'],
  },
  {
    name: 'volcengine',
    label: 'Volcengine Ark',
    api_base_url: 'https://ark.cn-beijing.volces.com/api/v3/chat/completions',
    transformer: 'volcengine',
    keyVariable: 'ARK_API_KEY',
    models: ['deepseek-v3-250324', 'deepseek-r1-250528'],
  },
  {
    name: 'anthropic',
    label: 'Anthropic',
    api_base_url: 'https://api.anthropic.com/v1/messages',
    transformer: 'anthropic',
    keyVariable: 'ANTHROPIC_API_KEY',
    models: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
  },
];

export function presetNamed(name: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((preset) => preset.name === name.toLowerCase());
}
