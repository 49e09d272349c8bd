import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { createRegistry } from '../../transformers/registry';
import { validateConfig } from '../validate';
import { convertDualServerConfig } from './dual-server';

const fixtures = join(import.meta.dir, '../../../test/fixtures/config/dual-server');
const read = async (name: string) => JSON.parse(await Bun.file(join(fixtures, name)).text());
const registry = createRegistry();
/** The built-ins, and the CodeWhisperer dialect's name CodeWhisperer providers are converted to. */
const knownTransformer = (name: string) => registry.get(name) !== undefined || name === 'codewhisperer';

describe('convertDualServerConfig', () => {
  test.each([
    ['config.json', 'config.ccr.json'],
    ['config.release.json', 'config.release.ccr.json'],
  ])('%s (the development and release servers) becomes %s, a config ccr validates', async (source, expected) => {
    const { config } = convertDualServerConfig(await read(source));
    expect(config).toEqual(await read(expected));
    expect(validateConfig(config, { knownTransformer })).toEqual({ errors: [], warnings: [] });
  });

  test('what is not carried is listed with its path and why', async () => {
    const { notCarried } = convertDualServerConfig(await read('config.json'));
    expect(notCarried).toContain('server.name: ccr names a server after its config file (config.json: main, config.release.json: release)');
    expect(notCarried.find((line) => line.startsWith('routing.default.failover: ccr fails over by itself'))).toBeDefined();
    expect(notCarried).toContain('routing.default.loadBalancing.strategy: "health_based_with_blacklist" became "health_based": ccr\'s balancing leaves out blacklisted providers already');
    expect(notCarried).toContain('providers.shuaihong-openai.settings.maxConcurrentRequests: a setting of the other router\'s client; ccr has API_TIMEOUT_MS and per-key retries instead');
    expect(notCarried).toContain('hooks: not used by ccr');
    expect(notCarried.find((line) => line.startsWith('routing.search: their `search` category'))).toBeDefined();
  });

  test('balancing off: the lowest weight first, the others as its fallback, as the other router picked them', () => {
    const { config } = convertDualServerConfig({
      providers: { a: { type: 'openai', endpoint: 'https://a.test/v1/chat/completions', models: ['m'] }, b: { type: 'openai', endpoint: 'https://b.test/v1/chat/completions', models: ['n'] } },
      routing: { default: { providers: [{ provider: 'a', model: 'm', weight: 5 }, { provider: 'b', model: 'n', weight: 1 }] } },
    });
    expect((config.Router as Record<string, unknown>).default).toEqual({ providers: [{ provider: 'b', model: 'n' }], fallback: ['a,m'] });
  });

  test('a top-level loadBalancing applies to categories that name none', () => {
    const { config } = convertDualServerConfig({
      providers: { a: { type: 'openai', endpoint: 'https://a.test/v1', models: ['m'] }, b: { type: 'openai', endpoint: 'https://b.test/v1', models: ['n'] } },
      routing: { default: { providers: [{ provider: 'a', model: 'm', weight: 3 }, { provider: 'b', model: 'n', weight: 1 }] } },
      loadBalancing: { enabled: true, strategy: 'weighted' },
    });
    expect((config.Router as Record<string, unknown>).default).toEqual({ providers: [{ provider: 'a', model: 'm', weight: 3 }, { provider: 'b', model: 'n', weight: 1 }], loadBalancing: { strategy: 'weighted' } });
    expect((config.Providers as Array<{ api_base_url: string }>)[0].api_base_url).toBe('https://a.test/v1/chat/completions');
  });

  test('a category ccr has no name for, a route without a model, a provider type it does not know: listed, not guessed', () => {
    const { config, notCarried } = convertDualServerConfig({
      providers: { x: { type: 'bedrock', endpoint: 'https://x.test/v1/chat/completions' } },
      routing: { coding: { provider: 'x', model: 'm' }, default: { provider: 'x' } },
    });
    expect(config.Router).toEqual({});
    expect(notCarried).toEqual([
      'providers.x.type: "bedrock" is not a type ccr knows; imported as an OpenAI-compatible provider',
      'routing.coding: ccr\'s router has no "coding" category (it routes default, background, think, longContext, webSearch, image; Router.rules for more)',
      'routing.default: names no model, and provider "x" has no defaultModel',
      'routing.default: none: set the default route with `ccr model provider,model`',
    ]);
  });
});
