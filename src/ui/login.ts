/**
 * The sign-in form shown when ccr asks for its APIKEY. The key is checked with one request before
 * it is kept; a refused key is not kept. The form never submits to a URL.
 */
import { api, forgetKey, storeKey, Unauthorized } from './connection';
import { byId, html, setHtml } from './dom';

export function showLogin(root: HTMLElement, onSignedIn: () => void, message?: string): void {
  setHtml(
    root,
    html`<main class="login">
      <form id="login-form" method="post" autocomplete="off">
        <h1>ccr</h1>
        <p>This router asks for its key (the config's <code>APIKEY</code>).</p>
        <label for="login-key">Key</label>
        <input id="login-key" type="password" autocomplete="current-password" required autofocus>
        <button type="submit">Sign in</button>
        <p id="login-error" class="error" role="alert">${message ?? ''}</p>
      </form>
    </main>`,
  );
  const form = byId<HTMLFormElement>('login-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('login-key');
    const error = byId('login-error');
    storeKey(input.value);
    try {
      const response = await api('/api/stats/servers');
      if (!response.ok) throw new Error(`ccr answered ${response.status}`);
      onSignedIn();
    } catch (failure) {
      forgetKey();
      error.textContent = failure instanceof Unauthorized ? 'Wrong key: ccr refused it.' : `Could not reach ccr: ${(failure as Error).message}`;
      input.select();
    }
  });
}
