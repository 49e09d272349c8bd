import { describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { createRegistry, describeTransformers } from '../transformers/registry';
import { adminTransformersPlugin } from './admin-transformers';

describe('GET /api/transformers', () => {
  test('lists transformers with where they are used', async () => {
    const registry = createRegistry([]);
    const providers = [{ name: 'ds', api_base_url: 'https://api.deepseek.com/chat/completions', transformer: { use: ['deepseek'], 'deepseek-chat': { use: ['tooluse'] } } }];
    const app = new Elysia().use(adminTransformersPlugin(() => describeTransformers(registry, providers)));
    const response = await app.handle(new Request('http://local/api/transformers'));
    expect(response.status).toBe(200);
    const { transformers } = (await response.json()) as { transformers: Array<{ name: string; source: string; usedBy: unknown[] }> };
    const byName = Object.fromEntries(transformers.map((entry) => [entry.name, entry]));
    expect(byName.deepseek.usedBy).toEqual([{ provider: 'ds' }]);
    expect(byName.tooluse.usedBy).toEqual([{ provider: 'ds', model: 'deepseek-chat' }]);
    expect(byName.maxtoken.source).toBe('builtin');
    expect(transformers.length).toBe(registry.list().length);
  });
});
