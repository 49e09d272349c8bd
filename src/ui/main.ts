/**
 * The dashboard page's script, bundled with uPlot at build time (src/http/dashboard-bundle.ts) so
 * that it works offline. `data-mode` on <body> says which page: this server, or every server of
 * the service side by side.
 */
import { api, forgetKey, storedKey, Unauthorized } from './connection';
import { byId } from './dom';
import { showDual } from './dual';
import { showLogin } from './login';
import { showSingle } from './single';

const root = byId('app');
let stop: (() => void) | undefined;

async function start(message?: string): Promise<void> {
  stop?.();
  stop = undefined;
  try {
    const session = (await (await fetch('/ui/session', { cache: 'no-store' })).json()) as { keyRequired: boolean };
    if (session.keyRequired && !storedKey()) return signIn(message);
    const probe = await api('/api/stats/servers');
    if (!probe.ok) throw new Error(`ccr answered ${probe.status}`);
  } catch (error) {
    if (error instanceof Unauthorized) return signIn(storedKey() ? 'The key was refused; sign in again.' : message);
    root.textContent = `ccr could not be reached: ${(error as Error).message}`;
    return;
  }
  const unauthorized = () => {
    forgetKey();
    void start('The key was refused; sign in again.');
  };
  stop = document.body.dataset.mode === 'dual' ? await showDual(root, unauthorized) : showSingle(root, unauthorized);
  document.getElementById('sign-out')?.addEventListener('click', () => {
    forgetKey();
    void start();
  });
}

function signIn(message?: string): void {
  forgetKey();
  showLogin(root, () => void start(), message);
}

void start();
