/** Every built-in transformer, by the name users write in `use`. */
import { cleancache } from './cleancache';
import { customparams } from './customparams';
import { anthropic, codewhisperer, gemini, kiro } from './dialect-markers';
import { enhancetool } from './enhancetool';
import { extrathinktag } from './extrathinktag';
import { maxtoken } from './maxtoken';
import { cerebras } from './presets/cerebras';
import { deepseek } from './presets/deepseek';
import { groq } from './presets/groq';
import { ollama } from './presets/ollama';
import { openai } from './presets/openai';
import { openrouter } from './presets/openrouter';
import { siliconflow } from './presets/siliconflow';
import { volcengine } from './presets/volcengine';
import { reasoning } from './reasoning';
import { sampling } from './sampling';
import { streamoptions } from './streamoptions';
import { systemmessages } from './systemmessages';
import { tooluse } from './tooluse';
import type { TransformerDefinition } from './types';

export const BUILTIN_TRANSFORMERS: readonly TransformerDefinition[] = [
  anthropic,
  openai,
  gemini,
  codewhisperer,
  kiro,
  openrouter,
  deepseek,
  groq,
  cerebras,
  ollama,
  siliconflow,
  volcengine,
  maxtoken,
  sampling,
  customparams,
  cleancache,
  streamoptions,
  systemmessages,
  reasoning,
  tooluse,
  enhancetool,
  extrathinktag,
];
