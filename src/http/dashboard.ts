/**
 * The dashboard: `/ui` (also `/stats`) for this server, `/dual-stats` for every server of the
 * service side by side. The page itself holds no data and needs no key; it asks for one (a
 * sign-in form) when `/api/stats` does, and keeps it in the tab's sessionStorage only. Its script
 * and style sheet are built into ccr (dashboard-bundle.ts) and loaded with the first visit, so a
 * router nobody watches carries none of it, and nothing comes from a CDN.
 */
import { Elysia } from 'elysia';

type Mode = 'single' | 'dual';

const SECURITY_HEADERS = {
  // The key sits in sessionStorage: no script but ccr's own may run, no form may submit anywhere.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function page(mode: Mode): Response {
  const title = mode === 'dual' ? 'ccr · all servers' : 'ccr · dashboard';
  const text = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/app.css">
<script type="module" src="/ui/app.js"></script>
</head>
<body data-mode="${mode}"><div id="app"><p style="padding:16px">Loading…</p></div></body>
</html>
`;
  return new Response(text, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...SECURITY_HEADERS } });
}

export interface DashboardOptions {
  /** The router's key, if any: the page asks for it before anything else when there is one. */
  apiKey: () => string | undefined;
}

export function dashboardPlugin({ apiKey }: DashboardOptions) {
  let assets: Promise<typeof import('./dashboard-assets')> | undefined;
  const load = () => (assets ??= import('./dashboard-assets'));
  const hidden = { detail: { hide: true } };
  return new Elysia({ name: 'dashboard' })
    .get('/ui', () => page('single'), hidden)
    .get('/ui/', () => page('single'), hidden)
    .get('/stats', () => page('single'), hidden)
    .get('/dual-stats', () => page('dual'), hidden)
    // Whether to show the sign-in form first, so that a first visit is not a refused request.
    .get('/ui/session', () => Response.json({ keyRequired: apiKey() !== undefined }, { headers: { 'cache-control': 'no-store' } }), hidden)
    .get('/ui/app.js', async () => new Response((await load()).script, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', ...SECURITY_HEADERS } }), hidden)
    .get('/ui/app.css', async () => new Response((await load()).css, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' } }), hidden);
}
