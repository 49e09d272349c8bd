/**
 * `/dual-stats`: every server of the service side by side (development and release, or each
 * `--config`), each read through its own API with the same key; one column a server.
 */
import type { StatsSnapshot, WindowName } from '../stats/snapshot-types';
import { cards } from './cards';
import { apiJson, follow } from './connection';
import { byId, html, setHtml } from './dom';
import * as format from './format';
import { header, windowFromHash } from './layout';
import { badge, recentTable } from './tables';

interface Server {
  name: string;
  url: string;
  status: string;
  feed: string;
}

export async function showDual(root: HTMLElement, onUnauthorized: () => void): Promise<() => void> {
  const { servers } = await apiJson<{ servers: Array<Omit<Server, 'feed'>> }>('/api/stats/servers');
  const columns: Server[] =
    servers.length > 0
      ? servers.map((server) => ({ ...server, feed: `/api/stats/servers/${encodeURIComponent(server.name)}/events` }))
      : [{ name: 'this server', url: location.origin, status: 'running', feed: '/api/stats/events' }];
  let window: WindowName = windowFromHash();
  const latest = new Map<string, StatsSnapshot>();
  setHtml(
    root,
    html`${header(`${columns.length} server${columns.length === 1 ? '' : 's'}`)}
    <main class="dual">${columns.map(
      (server, i) => html`<section class="server" data-server="${server.name}">
        <h2>${server.name} <span class="muted">${server.url}</span> <span class="feed" id="feed-${i}" data-state="connecting">connecting…</span></h2>
        <p class="muted" id="version-${i}">${server.status}</p>
        <div class="cards" id="cards-${i}"></div>
        <div class="scroll" id="providers-${i}"></div>
        <h3>Latest requests</h3><div class="scroll" id="recent-${i}"></div>
      </section>`,
    )}</main>`,
  );
  byId('feed-state').remove();
  const render = (i: number) => {
    const snapshot = latest.get(columns[i].name);
    if (!snapshot) return;
    byId(`version-${i}`).textContent = `ccr ${snapshot.version} · up ${format.span(snapshot.uptimeSeconds)} · ${columns[i].status}`;
    setHtml(byId(`cards-${i}`), cards(snapshot, window));
    setHtml(byId(`providers-${i}`), providerList(snapshot, window));
    setHtml(byId(`recent-${i}`), recentTable(snapshot, 10));
  };
  const onWindow = () => {
    window = windowFromHash();
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.windows a')) link.setAttribute('aria-current', String(link.dataset.window === window));
    columns.forEach((_, i) => render(i));
  };
  addEventListener('hashchange', onWindow);
  onWindow();
  const stops = columns.map((server, i) =>
    follow(server.feed, {
      snapshot: (snapshot) => {
        latest.set(server.name, snapshot);
        render(i);
      },
      state: (state, detail) => {
        const element = byId(`feed-${i}`);
        element.dataset.state = state;
        element.textContent = state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : `down${detail ? `: ${detail}` : ''}`;
      },
      unauthorized: onUnauthorized,
    }),
  );
  return () => {
    for (const stop of stops) stop();
    removeEventListener('hashchange', onWindow);
  };
}

function providerList(snapshot: StatsSnapshot, window: WindowName) {
  const view = snapshot.windows[window];
  return html`<table class="providers compact"><thead><tr><th>Provider</th><th class="num">Requests</th><th class="num">Success</th><th class="num">p50</th></tr></thead><tbody>${snapshot.providers.map((provider) => {
    const figures = view.providers[provider.name];
    return html`<tr data-provider="${provider.name}"><th scope="row">${provider.name} ${badge(provider.state)}</th><td class="num">${format.count(figures?.requests ?? 0)}</td><td class="num">${format.percent(figures?.successRate ?? null)}</td><td class="num">${format.ms(figures?.latencyP50Ms)}</td></tr>`;
  })}</tbody></table>`;
}
