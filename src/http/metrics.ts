/**
 * `GET /metrics` for Prometheus: behind APIKEY (x-api-key or Bearer, which Prometheus'
 * `authorization` scrape setting sends) unless the config says `metrics.public: true`.
 */
import { Elysia } from 'elysia';
import { METRICS_CONTENT_TYPE } from '../stats/prometheus';
import { checkApiKey } from './auth';

export interface MetricsOptions {
  metrics: () => string;
  apiKey: () => string | undefined;
  isPublic: () => boolean;
}

export function metricsPlugin({ metrics, apiKey, isPublic }: MetricsOptions) {
  return new Elysia({ name: 'metrics' }).get(
    '/metrics',
    ({ request }) => {
      const expected = apiKey();
      if (expected && !isPublic()) {
        const refused = checkApiKey(request, expected);
        if (refused) throw refused;
      }
      return new Response(metrics(), { headers: { 'content-type': METRICS_CONTENT_TYPE } });
    },
    {
      detail: {
        tags: ['Admin'],
        summary: 'Prometheus metrics',
        description:
          'Text exposition format 0.0.4: ccr_requests_total, ccr_request_duration_seconds, ccr_time_to_first_token_seconds, ccr_router_overhead_seconds, ccr_tokens_total, ccr_cost_total, ccr_upstream_errors_total, ccr_key_state, ccr_provider_state, ccr_inflight_requests. Needs the APIKEY unless `metrics.public` is true.',
        responses: { 200: { description: 'The metrics', content: { 'text/plain': { schema: { type: 'string' as const } } } } },
      },
    },
  );
}
