/**
 * `/swagger`'s page: Swagger UI served by ccr itself, so the docs open without the network
 * (@elysiajs/swagger's own page loads its script from a CDN, and is blank offline). The script
 * and style sheet are swagger-ui-dist's files, streamed from node_modules when asked for; the
 * spec (`/swagger/json`) still comes from @elysiajs/swagger (app.ts).
 */
import { Elysia } from 'elysia';
import { ApiError } from './errors';

/** The files the page loads, by the name it asks for. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui-bundle.js': { file: 'swagger-ui-dist/swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { file: 'swagger-ui-dist/swagger-ui.css', type: 'text/css; charset=utf-8' },
};

export function swaggerPagePlugin(title: string) {
  const page = pageHtml(title);
  return new Elysia({ name: 'swagger-page' })
    .get('/swagger', () => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }), { detail: { hide: true } })
    .get('/swagger/assets/:name', ({ params }) => {
      const asset = ASSETS[params.name];
      if (asset === undefined) throw new ApiError(404, `No asset named ${params.name}`);
      // The bundle is resolved from where ccr runs (src/ or dist/), both beside node_modules.
      return new Response(Bun.file(Bun.resolveSync(asset.file, import.meta.dir)), {
        headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' },
      });
    }, { detail: { hide: true } });
}

/**
 * `validatorUrl: null`: Swagger UI otherwise sends the spec to validator.swagger.io for a badge.
 * The key a user enters under Authorize is kept for the tab's life only (no persistAuthorization).
 */
function pageHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="stylesheet" href="/swagger/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/swagger/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/swagger/json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });
  </script>
</body>
</html>`;
}
