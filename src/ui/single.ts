/**
 * The dashboard of this server (`/ui`, `/stats`): headline figures, charts, providers with their
 * models and keys and their switches, routes, sessions and the latest requests, redrawn from each
 * snapshot the feed pushes.
 */
import type { StatsSnapshot, WindowName } from '../stats/snapshot-types';
import { Charts } from './charts';
import { CHARTS } from './charts';
import { apiJson, follow, type FeedState } from './connection';
import { cards } from './cards';
import { byId, html, setHtml } from './dom';
import * as format from './format';
import { providersTable, recentTable, routesTable, sessionsTable } from './tables';
import { header, windowFromHash } from './layout';

export function showSingle(root: HTMLElement, onUnauthorized: () => void): () => void {
  let window: WindowName = windowFromHash();
  let last: StatsSnapshot | undefined;
  setHtml(
    root,
    html`${header('This server')}
    <main>
      <section class="cards" id="cards" aria-label="Headline figures"></section>
      <section class="charts" id="charts">${CHARTS.map((chart) => html`<figure><figcaption>${chart.title}</figcaption><div data-chart="${chart.id}"></div></figure>`)}</section>
      <section><h2>Providers</h2><p id="action-error" class="error" role="alert"></p><div class="scroll" id="providers"></div></section>
      <div class="columns">
        <section><h2>Routes taken</h2><div id="routes"></div></section>
        <section><h2>Sessions</h2><div class="scroll" id="sessions"></div></section>
      </div>
      <section><h2>Latest requests</h2><div class="scroll" id="recent"></div></section>
    </main>`,
  );
  const charts = new Charts(byId('charts'));
  const render = () => {
    if (!last) return;
    setHtml(byId('cards'), cards(last, window));
    charts.update(last.windows[window].series);
    setHtml(byId('providers'), providersTable(last, window));
    setHtml(byId('routes'), routesTable(last.windows[window].routes));
    setHtml(byId('sessions'), sessionsTable(last));
    setHtml(byId('recent'), recentTable(last));
    byId('uptime').textContent = `ccr ${last.version} · up ${format.span(last.uptimeSeconds)}`;
  };
  const onWindow = () => {
    window = windowFromHash();
    markWindow(window);
    render();
  };
  addEventListener('hashchange', onWindow);
  markWindow(window);

  byId('providers').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (button) void act(button);
  });
  const act = async (button: HTMLButtonElement) => {
    const { action, provider, model, key } = button.dataset;
    const path =
      action === 'reset-key'
        ? `/api/keys/${encodeURIComponent(key!)}/reset`
        : `/api/providers/${encodeURIComponent(provider!)}${action?.endsWith('-model') ? `/models/${encodeURIComponent(model!)}` : ''}/${action?.startsWith('enable') ? 'enable' : 'disable'}`;
    button.disabled = true;
    try {
      await apiJson(path, { method: 'POST' });
      byId('action-error').textContent = '';
      // The effect at once, rather than at the next push.
      last = await apiJson<StatsSnapshot>('/api/stats');
      render();
    } catch (error) {
      byId('action-error').textContent = (error as Error).message;
    } finally {
      button.disabled = false;
    }
  };

  const stop = follow('/api/stats/events', {
    snapshot: (snapshot) => {
      last = snapshot;
      render();
    },
    state: (state: FeedState, detail?: string) => showFeedState(state, detail),
    unauthorized: onUnauthorized,
  });
  return () => {
    stop();
    removeEventListener('hashchange', onWindow);
  };
}

export function showFeedState(state: FeedState, detail?: string): void {
  const element = document.getElementById('feed-state');
  if (!element) return;
  element.dataset.state = state;
  element.textContent = state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'reconnecting…';
  element.title = detail ?? '';
}

function markWindow(window: WindowName): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.windows a')) link.setAttribute('aria-current', String(link.dataset.window === window));
}
