import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { createRegistry } from '../../transformers/registry';
import { validateConfig } from '../validate';
import { convertCodeWhispererRouterConfig } from './codewhisperer-router';
import { detectImportFormat } from '.';

const fixtures = join(import.meta.dir, '../../../test/fixtures/config');
const read = async (name: string) => JSON.parse(await Bun.file(join(fixtures, name)).text());
const registry = createRegistry();
const knownTransformer = (name: string) => registry.get(name) !== undefined || name === 'codewhisperer';

describe('convertCodeWhispererRouterConfig', () => {
  test('rules, providers with their category mappings, the default provider and custom rules become a config ccr validates', async () => {
    const { config } = convertCodeWhispererRouterConfig(await read('codewhisperer-router.json'));
    expect(config).toEqual(await read('codewhisperer-router.ccr.json'));
    expect(validateConfig(config, { knownTransformer })).toEqual({ errors: [], warnings: [] });
  });

  test('CodeWhisperer providers keep their token as authentication.credentials, for the codewhisperer dialect', async () => {
    const { config } = convertCodeWhispererRouterConfig(await read('codewhisperer-router.json'));
    expect((config.Providers as Array<Record<string, unknown>>)[0]).toMatchObject({
      api_base_url: 'https://codewhisperer.us-east-1.amazonaws.com/generateAssistantResponse',
      authentication: { type: 'bearer', credentials: { tokenPath: '~/.aws/sso/cache/kiro-auth-token-primary.json' } },
      transformer: { use: ['codewhisperer'] },
    });
  });

  test('what is not carried: annotations, conditions ccr lacks, categories it has no name for, a shared category', async () => {
    const { notCarried } = convertCodeWhispererRouterConfig(await read('codewhisperer-router.json'));
    for (const line of [
      'routing.rules.default.priority: ccr has no use for it: a category has one route',
      'routing.customRules[1].condition.messageLength: characters became tokens (minTokens/maxTokens) at 4 characters a token: an estimate',
      'routing.customRules[2].condition.contentContains: a condition ccr rules do not have',
      'routing.customRules[2]: no condition ccr can check, and a rule without one would take every request',
      'routing.providers.shuaihong-openai.settings.categoryMappings.background: background goes to codewhisperer-secondary alone; list shuaihong-openai as a fallback if it should share it',
      'routing.strategy: ccr routes by category and rules; there is no strategy to choose',
      'input: not used by ccr',
    ]) {
      expect(notCarried).toContain(line);
    }
    expect(notCarried.find((line) => line.startsWith('routing.rules.code-generation: ccr\'s router has no "code-generation" category'))).toBeDefined();
  });

  test('the older use-case layout: top-level providers of type aws with a Kiro tokenPath, and defaultProvider as the default route', () => {
    const { config, notCarried } = convertCodeWhispererRouterConfig({
      routing: { defaultProvider: 'kiro' },
      providers: { kiro: { type: 'aws', authMethod: 'kiro-token', tokenPath: '~/.aws/sso/cache/kiro-auth-token.json', models: ['CLAUDE_SONNET_4_20250514_V1_0'] } },
    });
    expect(config).toEqual({
      Providers: [
        {
          name: 'kiro',
          api_base_url: 'https://codewhisperer.us-east-1.amazonaws.com/generateAssistantResponse',
          models: ['CLAUDE_SONNET_4_20250514_V1_0'],
          authentication: { type: 'bearer', credentials: { tokenPath: '~/.aws/sso/cache/kiro-auth-token.json' } },
          transformer: { use: ['codewhisperer'] },
        },
      ],
      Router: { default: 'kiro,CLAUDE_SONNET_4_20250514_V1_0' },
    });
    expect(notCarried).toEqual([]);
  });

  test('custom rule targets: provider,model, a category, an object; a messageLength range', () => {
    const { config } = convertCodeWhispererRouterConfig({
      routing: {
        rules: { default: { provider: 'p', model: 'm' }, background: { provider: 'p', model: 'small' } },
        providers: { p: { type: 'openai', endpoint: 'https://p.test/v1/chat/completions', settings: { models: ['m', 'small'] } } },
        customRules: [
          { condition: { modelContains: 'haiku' }, target: 'p,small' },
          { condition: { hasTools: false }, target: 'BACKGROUND' },
          { condition: { messageLength: { min: 400, max: 4000 } }, target: { provider: 'p', model: 'm' } },
        ],
      },
    });
    expect((config.Router as { rules: unknown }).rules).toEqual([
      { name: 'customRules[0]', when: { modelContains: 'haiku' }, route: 'p,small' },
      { name: 'customRules[1]', when: { hasTools: false }, route: 'p,small' },
      { name: 'customRules[2]', when: { minTokens: 100, maxTokens: 1000 }, route: 'p,m' },
    ]);
  });
});

describe('detectImportFormat', () => {
  test('each format by its shape; ccr\'s own as such; anything else as unknown', async () => {
    expect(detectImportFormat(await read('codewhisperer-router.json'))).toBe('codewhisperer-router');
    expect(detectImportFormat(await read('dual-server/config.json'))).toBe('dual-server');
    expect(detectImportFormat(await read('dual-server/config.ccr.json'))).toBe('ccr');
    expect(detectImportFormat({ hello: 'world' })).toBeUndefined();
  });
});
