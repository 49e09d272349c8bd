/** The headline figures of one window, as cards. */
import type { StatsSnapshot, WindowName } from '../stats/snapshot-types';
import { html, type Raw } from './dom';
import * as format from './format';

export function cards(snapshot: StatsSnapshot, window: WindowName): Raw {
  const totals = snapshot.windows[window].totals;
  const card = (figure: string, label: string, value: string, detail = '') =>
    html`<div class="card" data-figure="${figure}"><div class="label">${label}</div><div class="value">${value}</div><div class="detail">${detail}</div></div>`;
  return html`${[
    card('requests', 'Requests', format.count(totals.requests), totals.errors > 0 ? `${format.count(totals.errors)} errors` : totals.aborted > 0 ? `${totals.aborted} abandoned` : ''),
    card('success', 'Success rate', format.percent(totals.successRate)),
    card('latency', 'Latency p50 / p95', `${format.ms(totals.latencyP50Ms)}`, `p95 ${format.ms(totals.latencyP95Ms)}`),
    card('ttft', 'First byte p50 / p95', `${format.ms(totals.ttftP50Ms)}`, `p95 ${format.ms(totals.ttftP95Ms)}`),
    card('tokens', 'Tokens in / out', `${format.tokens(totals.inputTokens)} / ${format.tokens(totals.outputTokens)}`, totals.cacheReadTokens > 0 ? `${format.tokens(totals.cacheReadTokens)} cache reads` : ''),
    card('cost', 'Cost', format.cost(totals.cost), totals.unpricedRequests > 0 ? `${totals.unpricedRequests} unpriced` : ''),
    card('inflight', 'In flight', format.count(snapshot.inflight.requests), `${format.count(snapshot.inflight.streams)} streams`),
    card('overhead', 'ccr overhead p50', format.ms(totals.overheadP50Ms), 'time in ccr itself'),
  ]}`;
}
