/** `GET /api/status` and the temporary switches, through the app. */
import { describe, expect, test } from 'bun:test';
import { buildTestApp, post } from '../support/ccr-app';

const config = {
  APIKEY: 'router-key',
  Providers: [
    { name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_keys: ['sk-deepseek-aaaa1111', { key: 'sk-deepseek-bbbb2222', weight: 2 }], rotation_strategy: 'weighted' },
    { name: 'openrouter', api_base_url: 'https://openrouter.ai/api/v1/chat/completions', api_key: 'sk-or-cccc3333', models: ['anthropic/claude-sonnet-4.5'] },
  ],
  Router: { default: 'deepseek,deepseek-chat' },
};
const auth = { 'x-api-key': 'router-key' };
// The JSON bodies as the tests read them.
type StatusBody = { providers: any[] };

async function setup() {
  let now = Date.parse('2026-12-07T10:00:00Z');
  const ccr = await buildTestApp(config, { clock: () => now });
  const get = async (path: string) => ccr.handle(new Request(`http://ccr.test${path}`, { headers: auth }));
  const call = async (path: string) => ccr.handle(post(path, '', auth));
  return { ccr, get, call, advance: (ms: number) => (now += ms) };
}

describe('GET /api/status', () => {
  test('every provider and key, keys masked to their first and last four characters', async () => {
    const { get } = await setup();
    const response = await get('/api/status');
    expect(response.status).toBe(200);
    const status = (await response.json()) as StatusBody;
    expect(JSON.stringify(status)).not.toContain('aaaa1111');
    expect(status.providers.map((provider: { name: string }) => provider.name)).toEqual(['deepseek', 'openrouter']);
    expect(status.providers[0]).toMatchObject({ state: 'active', rotation: { enabled: true, strategy: 'weighted', sessionAffinity: true } });
    expect(status.providers[0].keys).toEqual([
      expect.objectContaining({ key: 'sk-d…1111', state: 'active', requests: 0, successRate: null, sessions: 0 }),
      expect.objectContaining({ key: 'sk-d…2222', state: 'active' }),
    ]);
  });

  test('a cooling key shows until when, a refused one why; a reset puts it back', async () => {
    const { ccr, get, call, advance } = await setup();
    const [first, second] = ccr.getRuntime().providers.get('deepseek')!.keys;
    ccr.deps.liveState.keys.report(first, { kind: 'rate_limited', retryAfterMs: 30_000, message: 'Rate limit reached' });
    ccr.deps.liveState.keys.report(second, { kind: 'refused', status: 401, message: 'Authentication Fails' });
    let keys = ((await (await get('/api/status')).json()) as StatusBody).providers[0].keys;
    expect(keys[0]).toMatchObject({ state: 'cooling', coolingUntil: '2026-12-07T10:00:30.000Z', lastError: { message: 'Rate limit reached' } });
    expect(keys[1]).toMatchObject({ state: 'disabled', disabledReason: 'provider answered 401: Authentication Fails' });
    advance(30_000);
    const reset = await call(`/api/keys/${second.id}/reset`);
    expect(((await reset.json()) as { key: unknown }).key).toMatchObject({ id: second.id, state: 'active' });
    keys = ((await (await get('/api/status')).json()) as StatusBody).providers[0].keys;
    expect(keys.map((key: { state: string }) => key.state)).toEqual(['active', 'active']);
  });
});

describe('switches', () => {
  test('a provider turned off and on', async () => {
    const { ccr, call } = await setup();
    const off = (await (await call('/api/providers/DeepSeek/disable')).json()) as { provider: StatusBody['providers'][number] };
    expect(off.provider).toMatchObject({ name: 'deepseek', state: 'disabled' });
    expect(ccr.deps.liveState.providers.isEnabled('deepseek')).toBe(false);
    const on = (await (await call('/api/providers/deepseek/enable')).json()) as { provider: StatusBody['providers'][number] };
    expect(on.provider.state).toBe('active');
  });

  test('one model, its name URL-encoded when it holds a slash', async () => {
    const { ccr, call } = await setup();
    const off = (await (await call('/api/providers/openrouter/models/anthropic%2Fclaude-sonnet-4.5/disable')).json()) as { provider: StatusBody['providers'][number] };
    expect(off.provider.disabledModels).toEqual(['anthropic/claude-sonnet-4.5']);
    expect(ccr.deps.liveState.providers.isEnabled('openrouter', 'anthropic/claude-sonnet-4.5')).toBe(false);
    await call('/api/providers/openrouter/models/anthropic%2Fclaude-sonnet-4.5/enable');
    expect(ccr.deps.liveState.providers.isEnabled('openrouter', 'anthropic/claude-sonnet-4.5')).toBe(true);
  });

  test('an unknown provider or key is a 404 in Anthropic shape', async () => {
    const { call } = await setup();
    for (const path of ['/api/providers/nobody/disable', '/api/keys/000000000000/reset']) {
      const response = await call(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    }
  });

  test('without the router key: 401', async () => {
    const { ccr } = await setup();
    const response = await ccr.handle(post('/api/providers/deepseek/disable', ''));
    expect(response.status).toBe(401);
    expect((await ccr.handle(new Request('http://ccr.test/api/status'))).status).toBe(401);
  });
});
