// The built-in dashboards: `/` lists them, `/dashboards/<name>` serves a page whose client reads
// only the /v1 API, plus a few /v1 read endpoints the panels chart from core tables.
import { Hono } from 'hono';
import type { FeatureModule } from '../runtime.ts';
import { jsonError } from '../http/errors.ts';
import { loadDefinitions } from './definitions.ts';
import { loadAssets } from './assets.ts';
import { dashboardPage, indexPage } from './pages.ts';
import { seriesOpenapi, seriesRoutes } from './series-routes.ts';

export const dashboardsModule: FeatureModule = {
  name: 'dashboards',
  routes(rt) {
    const defs = loadDefinitions();
    const byName = new Map(defs.map((d) => [d.name, d]));
    const assets = loadAssets();
    const app = new Hono();
    const html = (body: string) => new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' } });

    app.get('/', () => html(indexPage(defs)));
    app.get('/dashboards', (c) => c.redirect('/'));
    app.get('/dashboards/assets/:file', (c) => {
      const a = assets.get(c.req.param('file'));
      if (!a) return jsonError(c, 404, `no dashboard asset named "${c.req.param('file')}"`);
      return c.body(a.body, 200, { 'Content-Type': a.type, 'Cache-Control': 'no-cache' });
    });
    app.get('/dashboards/:name', (c) => {
      const name = c.req.param('name');
      const json = name.endsWith('.json');
      const def = byName.get(json ? name.slice(0, -5) : name);
      if (!def) return jsonError(c, 404, `no dashboard named "${name}" (known: ${[...byName.keys()].join(', ')})`);
      return json ? c.json(def) : html(dashboardPage(def, defs));
    });
    app.route('/', seriesRoutes(rt));
    return app;
  },
  openapi: {
    '/': { get: { summary: 'Lists the built-in dashboards (HTML)', responses: { '200': { description: 'text/html' } } } },
    '/dashboards/{name}': {
      get: {
        summary: 'A dashboard page (HTML); `<name>.json` gives its definition',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'text/html or the definition as JSON' }, '404': { description: 'no such dashboard' } },
      },
    },
    ...seriesOpenapi,
  },
};
