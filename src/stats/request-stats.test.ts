import { describe, expect, test } from 'bun:test';
import { createPriceTable } from '../usage/pricing';
import type { RequestUsage } from '../usage/recorder';
import { requestTokens } from '../usage/request-tokens';
import { RequestStats } from './request-stats';
import { RequestTiming } from './request-timing';
import { statsSnapshot } from './snapshot';

const prices = createPriceTable({ m1: { input: 1, output: 2 } });

function setup() {
  let now = Date.parse('2026-12-07T10:00:00.500Z');
  const stats = new RequestStats({ prices: () => prices, clock: () => now });
  const status = { providers: [], pinnedSessions: 0 };
  const snapshot = () => statsSnapshot(stats, status, {}, 'test');
  return { stats, snapshot, advance: (ms: number) => (now += ms) };
}

function usage(fields: Partial<RequestUsage> = {}): RequestUsage {
  return {
    sessionId: 's1',
    route: 'default',
    provider: 'p',
    model: 'm1',
    usage: { input_tokens: 1000, output_tokens: 500, cache_read_input_tokens: 100 },
    latencyMs: 200,
    ttftMs: 50,
    status: 200,
    outcome: 'ok',
    streamed: true,
    hops: 0,
    ...fields,
  };
}

describe('RequestStats', () => {
  test("an upstream that reported no usage: the tokens as usage accounting counts them, estimated once for both", () => {
    const { stats, snapshot } = setup();
    let counted = 0;
    const silent = usage({ usage: {}, estimators: { input: () => (counted++, 42), output: { streamedText: ['hello there'] } } });
    stats.completed(silent, undefined, false);
    const totals = snapshot().windows['1m'].totals;
    expect(totals.inputTokens).toBe(42);
    expect(totals.outputTokens).toBeGreaterThan(0);
    expect(requestTokens(silent)).toMatchObject({ inputTokens: 42, estimated: true });
    expect(counted).toBe(1);
  });

  test('a request in flight from opened to completed; nothing counted until read', () => {
    const { stats, snapshot } = setup();
    stats.opened(true);
    stats.opened(false);
    expect(snapshot().inflight).toEqual({ requests: 2, streams: 1 });
    stats.completed(usage(), undefined, true);
    expect(stats.cumulative.requests.size).toBe(0);
    const view = snapshot();
    expect(view.inflight).toEqual({ requests: 1, streams: 0 });
    expect(view.windows['1m'].totals).toMatchObject({ requests: 1, errors: 0, successRate: 1, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 100 });
  });

  test('figures per provider and model, cost at the table in effect, routes per category', () => {
    const { stats, snapshot } = setup();
    stats.completed(usage(), undefined, false);
    stats.completed(usage({ route: 'think', latencyMs: 1000, ttftMs: 300 }), undefined, false);
    stats.completed(usage({ model: 'unpriced', outcome: 'error', status: 500, usage: {} }), undefined, false);
    const window = snapshot().windows['1m'];
    expect(window.totals).toMatchObject({ requests: 3, errors: 1, successRate: 0.667, unpricedRequests: 1 });
    // 1000 input at 1, 500 output at 2, 100 cache reads at the input price, per million tokens.
    expect(window.models['p,m1'].cost).toBeCloseTo(2 * (1000 + 1000 + 100) / 1e6, 9);
    expect(window.models['p,m1'].requests).toBe(2);
    expect(window.providers.p.requests).toBe(3);
    expect(window.routes).toEqual({ default: 2, think: 1 });
    expect(window.models['p,m1'].latencyP50Ms).toBeGreaterThan(180);
    expect(window.models['p,m1'].latencyP95Ms).toBeGreaterThan(900);
  });

  test('windows slide: the last minute forgets what the hour and the day keep', () => {
    const { stats, snapshot, advance } = setup();
    stats.completed(usage(), undefined, false);
    advance(61_000);
    let view = snapshot();
    expect(view.windows['1m'].totals.requests).toBe(0);
    expect(view.windows['1h'].totals.requests).toBe(1);
    advance(3_600_000);
    view = snapshot();
    expect(view.windows['1h'].totals.requests).toBe(0);
    expect(view.windows['24h'].totals.requests).toBe(1);
    advance(86_400_000);
    expect(snapshot().windows['24h'].totals.requests).toBe(0);
  });

  test('series: one point a bucket, oldest first, the request in the last', () => {
    const { stats, snapshot } = setup();
    stats.completed(usage(), undefined, false);
    const series = snapshot().windows['1m'].series;
    expect(series).toHaveLength(60);
    expect(series[59]).toMatchObject({ t: Date.parse('2026-12-07T10:00:00.000Z'), requests: 1, inputTokens: 1000, outputTokens: 500 });
    expect(series[0].requests).toBe(0);
    expect(series[1].t - series[0].t).toBe(1000);
  });

  test('latest requests newest first, at most 100 kept; sessions by latest activity', () => {
    const { stats, snapshot, advance } = setup();
    for (let i = 0; i < 120; i++) {
      stats.completed(usage({ sessionId: `s${i % 3}`, latencyMs: i }), undefined, false);
      advance(10);
    }
    expect(stats.recent()).toHaveLength(100);
    expect(stats.recent(1)[0].latencyMs).toBe(119);
    const sessions = snapshot().sessions;
    expect(sessions.map((session) => session.sessionId)).toEqual(['s2', 's1', 's0']);
    expect(sessions[0]).toMatchObject({ requests: 40, inputTokens: 40_000, lastProvider: 'p', lastModel: 'm1' });
  });

  test('overhead from the timing; upstream errors from failed attempts, a client gone left out', () => {
    const { stats } = setup();
    const timing = new RequestTiming(performance.now() - 10);
    timing.callStarted();
    timing.callEnded();
    timing.attemptFailed('p', 429);
    timing.attemptFailed('p', 499);
    stats.completed(usage(), timing, false);
    stats.drain();
    expect([...stats.cumulative.upstreamErrors.values()]).toEqual([{ provider: 'p', status: 429, count: 1 }]);
    expect(stats.cumulative.overhead.count).toBe(1);
    expect(stats.cumulative.overhead.sum).toBeGreaterThan(0.009);
    expect(stats.recent(1)[0].overheadMs).toBeGreaterThan(9);
  });

  test('models past the limit are counted as "other": explicit routes cannot grow the series without end', () => {
    const { stats, snapshot } = setup();
    for (let i = 0; i < 250; i++) stats.completed(usage({ model: `model-${i}` }), undefined, false);
    const models = Object.keys(snapshot().windows['1m'].models);
    expect(models).toHaveLength(201);
    expect(models).toContain('p,other');
    expect(stats.cumulative.tokens.size).toBe(201);
  });

  test('a request refused before routing counts in the totals, under no provider', () => {
    const { stats, snapshot } = setup();
    stats.completed(usage({ provider: undefined, model: undefined, route: undefined, status: 400, outcome: 'error', usage: {} }), undefined, false);
    const window = snapshot().windows['1m'];
    expect(window.totals).toMatchObject({ requests: 1, errors: 1, unpricedRequests: 0 });
    expect(window.providers).toEqual({});
    expect([...stats.cumulative.requests.values()]).toEqual([{ provider: '', model: '', route: '', status: 400, count: 1 }]);
  });
});
