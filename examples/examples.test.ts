/** Every example config loads, every chain in it builds, and the dialect each provider gets is the intended one. */
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigValue, parseConfigText } from '../src/config/load';
import { buildChain, createRegistry, loadCustomTransformers, resolveDialect } from '../src/transformers/registry';
import { transformerContext } from '../src/transformers/test-context';

const ENV: Record<string, string> = Object.fromEntries(
  ['CCR_API_KEY', 'OPENROUTER_API_KEY', 'DEEPSEEK_API_KEY', 'GEMINI_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_API_KEY_2', 'GROQ_API_KEY', 'SILICONFLOW_API_KEY'].map((name) => [name, `test-${name}`]),
);
const EXPECTED_DIALECT: Record<string, string> = {
  anthropic: 'anthropic',
  gemini: 'gemini',
  openrouter: 'openai',
  deepseek: 'openai',
  ollama: 'openai',
  groq: 'openai',
  siliconflow: 'openai',
};

const files = readdirSync(import.meta.dir).filter((file) => /^config\..+\.json$/.test(file));

describe('examples', () => {
  test('there is one config per provider family', () => {
    expect(files.sort()).toEqual([
      'config.anthropic.json',
      'config.deepseek.json',
      'config.gemini.json',
      'config.multi-provider.json',
      'config.ollama.json',
      'config.openrouter.json',
    ]);
  });

  for (const file of files) {
    test(`${file} loads and builds every provider's chains`, async () => {
      const path = join(import.meta.dir, file);
      const loaded = loadConfigValue(parseConfigText(readFileSync(path, 'utf8'), path), { path, baseDir: import.meta.dir, env: ENV });
      expect(loaded.warnings.filter((warning) => /not set|unset/i.test(warning))).toEqual([]);
      const registry = createRegistry(await loadCustomTransformers(loaded.config.transformers ?? [], loaded.baseDir));
      const providers = loaded.config.Providers ?? [];
      expect(providers.length).toBeGreaterThan(0);
      for (const provider of providers) {
        for (const model of provider.models ?? []) {
          const chain = buildChain(provider.transformer, model, registry);
          expect(`${provider.name}: ${resolveDialect(chain, provider.api_base_url)}`).toBe(`${provider.name}: ${EXPECTED_DIALECT[provider.name]}`);
        }
      }
    });
  }

  test('add-header.mjs adds its header and never overrides authentication', async () => {
    const [definition] = await loadCustomTransformers([{ path: './transformers/add-header.mjs', options: { header: 'X-Team', value: 'platform' } }], import.meta.dir);
    expect(definition.create({}).upstreamHeaders!({ authorization: 'Bearer k' }, transformerContext())).toEqual({ authorization: 'Bearer k', 'x-team': 'platform' });
    expect(definition.create({ header: 'Authorization', value: 'stolen' }).upstreamHeaders!({ authorization: 'Bearer k' }, transformerContext())).toEqual({ authorization: 'Bearer k' });
  });
});
