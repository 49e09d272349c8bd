import { describe, expect, test } from 'bun:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { bucketsOf, histogramQuantile, histogramSeries } from '../../test/support/prometheus';
import type { StatusView } from '../state/status-view';
import { createPriceTable } from '../usage/pricing';
import { escapeLabel, renderMetrics } from './prometheus';
import { RequestStats } from './request-stats';
import { RequestTiming } from './request-timing';

const status: StatusView = {
  pinnedSessions: 0,
  providers: [
    {
      name: 'deep"seek',
      state: 'blacklisted',
      recentRequests: 0,
      recentFailures: 0,
      disabledModels: [],
      rotation: { enabled: true, strategy: 'round_robin', sessionAffinity: true },
      keys: [{ id: 'a1b2c3d4e5f6', key: 'sk-a…1111', state: 'cooling', failures: 0, requests: 1, successes: 0, successRate: 0, sessions: 0 }],
    },
  ],
};

function metricsText(): string {
  const stats = new RequestStats({ prices: () => createPriceTable({ m: { input: 1, output: 1 } }) });
  const timing = new RequestTiming(performance.now() - 1);
  timing.callStarted();
  timing.callEnded();
  timing.attemptFailed('deep"seek', 503);
  const usage = { sessionId: 'secret-session', route: 'default', provider: 'deep"seek', model: 'm', usage: { input_tokens: 10, output_tokens: 5 }, latencyMs: 120, ttftMs: 40, status: 200, outcome: 'ok' as const, streamed: true, hops: 1 };
  stats.opened(true);
  stats.completed(usage, timing, true);
  stats.opened(false);
  stats.drain();
  return renderMetrics({ cumulative: stats.cumulative, inflight: { requests: stats.inflight, streams: stats.inflightStreams }, status, version: '1.2.3', startedAt: 0, residentBytes: 1024 });
}

describe('renderMetrics', () => {
  test('parses as Prometheus text, each family with its type', () => {
    const families = new Map(parsePrometheusTextFormat(metricsText()).map((family) => [family.name, family]));
    const types = Object.fromEntries([...families].map(([name, family]) => [name, family.type]));
    expect(types).toMatchObject({
      ccr_requests_total: 'COUNTER',
      ccr_request_duration_seconds: 'HISTOGRAM',
      ccr_time_to_first_token_seconds: 'HISTOGRAM',
      ccr_router_overhead_seconds: 'HISTOGRAM',
      ccr_tokens_total: 'COUNTER',
      ccr_cost_total: 'COUNTER',
      ccr_upstream_errors_total: 'COUNTER',
      ccr_key_state: 'GAUGE',
      ccr_provider_state: 'GAUGE',
      ccr_inflight_requests: 'GAUGE',
    });
    expect(families.get('ccr_requests_total')!.metrics).toEqual([{ value: '1', labels: { provider: 'deep"seek', model: 'm', route: 'default', status: '200' } }]);
    expect(families.get('ccr_inflight_requests')!.metrics[0].value).toBe('1');
    expect(families.get('ccr_upstream_errors_total')!.metrics).toEqual([{ value: '1', labels: { provider: 'deep"seek', status: '503' } }]);
    const tokens = families.get('ccr_tokens_total')!.metrics.map((sample) => [sample.labels!.kind, sample.value]);
    expect(tokens).toEqual([['input', '10'], ['output', '5'], ['cache_read', '0'], ['cache_write', '0']]);
    expect(Number(families.get('ccr_cost_total')!.metrics[0].value)).toBeCloseTo(15 / 1e6, 12);
    const keyStates = families.get('ccr_key_state')!.metrics.map((sample) => [sample.labels!.state, sample.value]);
    expect(keyStates).toEqual([['active', '0'], ['cooling', '1'], ['disabled', '0']]);
  });

  test('histograms: cumulative buckets ending in +Inf equal to the count', () => {
    const text = metricsText();
    const sample = histogramSeries(text, 'ccr_request_duration_seconds', { provider: 'deep\\"seek' });
    const counts = bucketsOf(sample).map(([, count]) => count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(sample.buckets!['+Inf']).toBe(sample.count!);
    expect(sample.buckets!['0.1']).toBe('0');
    expect(sample.buckets!['0.25']).toBe('1');
    expect(Number(sample.sum)).toBeCloseTo(0.12);
    expect(histogramQuantile(sample, 0.5)).toBeGreaterThan(0.1);
    const overhead = histogramSeries(text, 'ccr_router_overhead_seconds');
    expect(overhead.count).toBe('1');
  });

  test('no session id in any label; key ids are the hashes', () => {
    const text = metricsText();
    expect(text).not.toContain('secret-session');
    expect(text).toContain('key_id="a1b2c3d4e5f6"');
    expect(text).not.toContain('sk-a');
  });

  test('label values escape backslash, double quote and line feed', () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
