/** What every page shares: the header with its window switch, the feed's state and sign-out. */
import type { WindowName } from '../stats/snapshot-types';
import { storedKey } from './connection';
import { html, type Raw } from './dom';

const WINDOWS: Array<[WindowName, string]> = [
  ['1m', '1 min'],
  ['1h', '1 h'],
  ['24h', '24 h'],
];

export function windowFromHash(): WindowName {
  const wanted = location.hash.slice(1);
  return WINDOWS.some(([name]) => name === wanted) ? (wanted as WindowName) : '1m';
}

export function header(subtitle: string): Raw {
  return html`<header class="top">
    <div class="brand"><strong>ccr</strong> <span class="muted">${subtitle}</span> <span id="uptime" class="muted"></span></div>
    <nav class="windows" aria-label="Window">${WINDOWS.map(([name, label]) => html`<a href="#${name}" data-window="${name}">${label}</a>`)}</nav>
    <div class="right"><span id="feed-state" class="feed" data-state="connecting">connecting…</span>
    ${storedKey() ? html`<button type="button" id="sign-out">Sign out</button>` : ''}</div>
  </header>`;
}
