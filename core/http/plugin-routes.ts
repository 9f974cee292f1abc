// The read routes stage plugins serve from their own results (drift, validation, performance,
// incidents, correlations, failure risk): mounted here, answered by the plugin. Core passes the
// request and a read-only view of that stage's results, and never looks inside the payloads.
import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import type { ModelSettings } from '../plugin-api/index.ts';
import { effectiveModelSettings } from '../config/schema.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { stageResultReader } from '../storage/run-store.ts';

export function pluginRoutes(rt: Runtime): Hono {
  const app = new Hono();
  const modelKnown = (m: string) => !!rt.tables.get(m) || Object.hasOwn(rt.config.models, m);
  const modelSettings = (m: string): ModelSettings => effectiveModelSettings(rt.config, m);
  for (const [name, plugin] of rt.registry.stages) {
    const results = stageResultReader(rt.storage, name);
    for (const route of plugin.routes ?? []) {
      app.get(route.path, async (c) => {
        const req = { params: c.req.param() as Record<string, string>, query: (k: string) => c.req.query(k), modelKnown, modelSettings, now: new Date(rt.clock()), data: rt.reader };
        return c.json((await route.handle(req, results)) as object);
      });
    }
  }
  return app;
}

/** The plugins' routes as OpenAPI paths (`:param` written `{param}`). */
export function pluginOpenapi(registry: PluginRegistry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const plugin of registry.stages.values()) for (const r of plugin.routes ?? []) paths[r.path.replace(/:(\w+)/g, '{$1}')] = { get: r.openapi };
  return paths;
}
