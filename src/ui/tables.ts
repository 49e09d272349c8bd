/** The dashboard's tables as HTML: providers with their models and keys, routes, sessions, latest requests. */
import type { Figures, KeyView, ProviderView, StatsSnapshot, WindowName } from '../stats/snapshot-types';
import { html, type Raw } from './dom';
import * as format from './format';

const stateLabel: Record<string, string> = { active: 'active', cooling: 'cooling down', disabled: 'disabled', blacklisted: 'blacklisted', unhealthy: 'unhealthy' };

export function badge(state: string, detail?: string): Raw {
  return html`<span class="badge state-${state}" data-state="${state}">${stateLabel[state] ?? state}${detail ? ` · ${detail}` : ''}</span>`;
}

const figureCells = (figures: Figures | undefined): Raw =>
  figures
    ? html`<td class="num">${format.count(figures.requests)}</td><td class="num">${format.percent(figures.successRate)}</td><td class="num">${format.ms(figures.latencyP50Ms)} / ${format.ms(figures.latencyP95Ms)}</td><td class="num">${format.ms(figures.ttftP50Ms)}</td><td class="num">${format.tokens(figures.inputTokens)} / ${format.tokens(figures.outputTokens)}</td><td class="num">${format.cost(figures.cost)}</td>`
    : html`<td class="num">0</td><td class="num">${format.dash}</td><td class="num">${format.dash}</td><td class="num">${format.dash}</td><td class="num">0 / 0</td><td class="num">${format.cost(0)}</td>`;

const FIGURE_HEADERS = html`<th class="num">Requests</th><th class="num">Success</th><th class="num">p50 / p95</th><th class="num">First byte</th><th class="num">Tokens in / out</th><th class="num">Cost</th>`;

export function providersTable(snapshot: StatsSnapshot, window: WindowName): Raw {
  const view = snapshot.windows[window];
  const rows = snapshot.providers.map((provider) => {
    const models = [...new Set([...(snapshot.models[provider.name] ?? []), ...Object.values(view.models).filter((m) => m.provider === provider.name).map((m) => m.model)])];
    const blacklisted = provider.blacklistedUntil ? format.span((Date.parse(provider.blacklistedUntil) - snapshot.now) / 1000) : undefined;
    const off = provider.state === 'disabled';
    return html`<tbody class="provider" data-provider="${provider.name}">
      <tr class="provider-row">
        <th scope="row"><span class="name">${provider.name}</span> ${badge(provider.state, blacklisted ? `${blacklisted} left` : undefined)}</th>
        ${figureCells(view.providers[provider.name])}
        <td class="error-cell">${provider.lastError ? html`<span title="${provider.lastError.at}">${provider.lastError.message}</span>` : ''}</td>
        <td><button type="button" data-action="${off ? 'enable' : 'disable'}-provider" data-provider="${provider.name}">${off ? 'Enable' : 'Disable'}</button></td>
      </tr>
      ${models.map((model) => modelRow(provider, model, view.models[`${provider.name},${model}`]))}
      ${provider.keys.map((key) => keyRow(provider, key, snapshot.now))}
    </tbody>`;
  });
  return html`<table class="providers"><thead><tr><th>Provider · model · key</th>${FIGURE_HEADERS}<th>Last error</th><th></th></tr></thead>${rows}</table>`;
}

function modelRow(provider: ProviderView, model: string, figures: Figures | undefined): Raw {
  const off = provider.disabledModels.includes(model);
  return html`<tr class="model-row" data-model="${model}">
    <td class="indent">${model} ${off ? badge('disabled') : ''}</td>
    ${figureCells(figures)}
    <td></td>
    <td><button type="button" data-action="${off ? 'enable' : 'disable'}-model" data-provider="${provider.name}" data-model="${model}">${off ? 'Enable' : 'Disable'}</button></td>
  </tr>`;
}

function keyRow(provider: ProviderView, key: KeyView, now: number): Raw {
  const left = key.state === 'cooling' && key.coolingUntil ? `${format.span((Date.parse(key.coolingUntil) - now) / 1000)} left` : undefined;
  return html`<tr class="key-row" data-key="${key.id}">
    <td class="indent">key <code>${key.key}</code> ${badge(key.state, left)}</td>
    <td class="num">${format.count(key.requests)}</td><td class="num">${format.percent(key.successRate)}</td>
    <td colspan="4" class="muted">${key.failures > 0 ? `${key.failures} failures in a row` : ''}${key.disabledReason ? ` ${key.disabledReason}` : ''}${key.sessions > 0 ? ` · ${key.sessions} sessions pinned` : ''}</td>
    <td class="error-cell">${key.lastError ? html`<span title="${key.lastError.at}">${key.lastError.status ?? ''} ${key.lastError.message}</span>` : ''}</td>
    <td>${key.state === 'active' && key.failures === 0 ? '' : html`<button type="button" data-action="reset-key" data-key="${key.id}" data-provider="${provider.name}">Reset</button>`}</td>
  </tr>`;
}

export function routesTable(routes: Record<string, number>): Raw {
  const entries = Object.entries(routes).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return html`<p class="muted">No request in this window.</p>`;
  const most = entries[0][1];
  return html`<table class="routes">${entries.map(
    ([route, n]) => html`<tr data-route="${route}"><th scope="row">${route}</th><td class="bar-cell"><span class="bar" style="width:${Math.max(2, Math.round((n / most) * 100))}%"></span></td><td class="num">${format.count(n)}</td></tr>`,
  )}</table>`;
}

export function sessionsTable(snapshot: StatsSnapshot): Raw {
  if (snapshot.sessions.length === 0) return html`<p class="muted">No session yet.</p>`;
  return html`<table><thead><tr><th>Session</th><th class="num">Requests</th><th class="num">Errors</th><th class="num">Tokens in / out</th><th class="num">Cost</th><th>Last</th><th>Last seen</th></tr></thead><tbody>${snapshot.sessions.slice(0, 20).map(
    (session) =>
      html`<tr><td><code title="${session.sessionId}">${format.shortId(session.sessionId)}</code></td><td class="num">${format.count(session.requests)}</td><td class="num">${format.count(session.errors)}</td><td class="num">${format.tokens(session.inputTokens)} / ${format.tokens(session.outputTokens)}</td><td class="num">${format.cost(session.cost)}</td><td>${session.lastProvider ? `${session.lastProvider},${session.lastModel}` : ''}</td><td>${format.clock(session.lastAt)}</td></tr>`,
  )}</tbody></table>`;
}

export function recentTable(snapshot: StatsSnapshot, limit = 30): Raw {
  if (snapshot.recent.length === 0) return html`<p class="muted">No request yet.</p>`;
  return html`<table class="recent"><thead><tr><th>Time</th><th>Session</th><th>Route</th><th>Provider · model</th><th class="num">Status</th><th class="num">Latency</th><th class="num">First byte</th><th class="num">Tokens in / out</th></tr></thead><tbody>${snapshot.recent.slice(0, limit).map(
    (request) =>
      html`<tr class="outcome-${request.outcome}" title="${request.error ?? ''}"><td>${format.clock(request.at)}</td><td><code title="${request.sessionId}">${format.shortId(request.sessionId)}</code></td><td>${request.route || format.dash}</td><td>${request.provider ? `${request.provider},${request.model}` : format.dash}${request.hops > 0 ? html` <span class="muted">(${request.hops} hops)</span>` : ''}</td><td class="num status">${request.status}${request.outcome === 'ok' ? '' : ` ${request.outcome}`}</td><td class="num">${format.ms(request.latencyMs)}</td><td class="num">${format.ms(request.ttftMs)}</td><td class="num">${format.tokens(request.inputTokens)} / ${format.tokens(request.outputTokens)}</td></tr>`,
  )}</tbody></table>`;
}
