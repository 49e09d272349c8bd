/**
 * `/metrics` in Prometheus' text exposition format (version 0.0.4): counters since ccr started,
 * histograms, and gauges of live state. Label values are bounded (cumulative.ts); key ids are
 * hashes that reveal nothing of a key; no session id is a label. Pure.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import type { StatusView } from '../state/status-view';
import type { Cumulative, PromHistogram } from './cumulative';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsInput {
  cumulative: Cumulative;
  inflight: { requests: number; streams: number };
  status: StatusView;
  version: string;
  /** ms since the epoch. */
  startedAt: number;
  residentBytes: number;
}

const KEY_STATES = ['active', 'cooling', 'disabled'] as const;
const PROVIDER_STATES = ['active', 'disabled', 'blacklisted', 'unhealthy'] as const;

export function renderMetrics(input: MetricsInput): string {
  const { cumulative, status } = input;
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

  family('ccr_requests_total', 'counter', 'Requests to /v1/messages, by the provider and model that answered (or failed last), routing category and HTTP status.');
  for (const counted of cumulative.requests.values()) {
    out.push(`ccr_requests_total${labels({ provider: counted.provider, model: counted.model, route: counted.route, status: String(counted.status) })} ${counted.count}`);
  }

  histogramFamily(out, 'ccr_request_duration_seconds', 'Time from a request arriving to its last byte sent, by provider.', cumulative.duration);
  histogramFamily(out, 'ccr_time_to_first_token_seconds', 'Time from a request arriving to the first byte of its answer, by provider.', cumulative.ttft);
  family('ccr_router_overhead_seconds', 'histogram', "Time spent in ccr itself for a request: its whole time less the upstream calls (request sent to body read) and the waits before retries.");
  histogramLines(out, 'ccr_router_overhead_seconds', {}, cumulative.overhead);

  family('ccr_tokens_total', 'counter', 'Tokens as the upstreams reported them, by provider, model and kind (input without cached tokens, output, cache_read, cache_write).');
  for (const tokens of cumulative.tokens.values()) {
    const base = { provider: tokens.provider, model: tokens.model };
    out.push(`ccr_tokens_total${labels({ ...base, kind: 'input' })} ${tokens.input}`);
    out.push(`ccr_tokens_total${labels({ ...base, kind: 'output' })} ${tokens.output}`);
    out.push(`ccr_tokens_total${labels({ ...base, kind: 'cache_read' })} ${tokens.cacheRead}`);
    out.push(`ccr_tokens_total${labels({ ...base, kind: 'cache_write' })} ${tokens.cacheWrite}`);
  }

  family('ccr_cost_total', 'counter', 'What the requests cost at the configured prices (the built-in ones are US dollars), by provider and model; unpriced models count nothing.');
  for (const tokens of cumulative.tokens.values()) out.push(`ccr_cost_total${labels({ provider: tokens.provider, model: tokens.model })} ${number(tokens.cost)}`);

  family('ccr_upstream_errors_total', 'counter', 'Failed upstream attempts (each key and target tried, failovers included), by provider and status (502 unreachable, 504 silent).');
  for (const counted of cumulative.upstreamErrors.values()) out.push(`ccr_upstream_errors_total${labels({ provider: counted.provider, status: String(counted.status) })} ${counted.count}`);

  family('ccr_key_state', 'gauge', '1 for the state each provider key is in (active, cooling, disabled), 0 for the others; key_id is a hash of the key.');
  for (const provider of status.providers) {
    for (const key of provider.keys) {
      for (const state of KEY_STATES) out.push(`ccr_key_state${labels({ provider: provider.name, key_id: key.id, state })} ${key.state === state ? 1 : 0}`);
    }
  }
  family('ccr_provider_state', 'gauge', '1 for the state each provider is in (active, disabled, blacklisted, unhealthy), 0 for the others.');
  for (const provider of status.providers) {
    for (const state of PROVIDER_STATES) out.push(`ccr_provider_state${labels({ provider: provider.name, state })} ${provider.state === state ? 1 : 0}`);
  }

  family('ccr_inflight_requests', 'gauge', 'Requests to /v1/messages under way.');
  out.push(`ccr_inflight_requests ${input.inflight.requests}`);
  family('ccr_inflight_streams', 'gauge', 'Streamed requests to /v1/messages under way.');
  out.push(`ccr_inflight_streams ${input.inflight.streams}`);
  family('ccr_build_info', 'gauge', 'The running ccr version.');
  out.push(`ccr_build_info${labels({ version: input.version })} 1`);
  family('process_start_time_seconds', 'gauge', 'Start time of the process since the Unix epoch in seconds.');
  out.push(`process_start_time_seconds ${number(input.startedAt / 1000)}`);
  family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  out.push(`process_resident_memory_bytes ${input.residentBytes}`);
  return `${out.join('\n')}\n`;
}

function histogramFamily(out: string[], name: string, help: string, histograms: Map<string, PromHistogram>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const [provider, histogram] of histograms) histogramLines(out, name, { provider }, histogram);
}

function histogramLines(out: string[], name: string, base: Record<string, string>, histogram: PromHistogram): void {
  let cumulative = 0;
  for (let i = 0; i < histogram.bounds.length; i++) {
    cumulative += histogram.counts[i];
    out.push(`${name}_bucket${labels({ ...base, le: String(histogram.bounds[i]) })} ${cumulative}`);
  }
  out.push(`${name}_bucket${labels({ ...base, le: '+Inf' })} ${histogram.count}`);
  out.push(`${name}_sum${labels(base)} ${number(histogram.sum)}`);
  out.push(`${name}_count${labels(base)} ${histogram.count}`);
}

function labels(values: Record<string, string>): string {
  const pairs = Object.entries(values).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** Backslash, double quote and line feed are escaped in label values; nothing else. */
export function escapeLabel(value: string): string {
  return value.replace(/[\\"\n]/g, (found) => (found === '\n' ? '\\n' : `\\${found}`));
}

const number = (value: number) => (Number.isFinite(value) ? String(Math.round(value * 1e9) / 1e9) : '0');
