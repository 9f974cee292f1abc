// Lifecycle endpoints: the version registry, the audit of runs and events, the live model card,
// and the retraining history. (The A/B comparison and fairness routes are their plugins'.)
import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import { ApiError } from '../http/errors.ts';
import { intParam, timeParam } from '../plugin-api/query-params.ts';
import { listVersions, registryOf } from './version-registry.ts';
import { auditEvents, auditRuns } from '../storage/audit-reads.ts';
import { retrainingHistory } from './retraining-log.ts';
import { modelCard } from './model-card.ts';
import { renderHtml, renderMarkdown } from './card-render.ts';

function knownModel(rt: Runtime, model: string): void {
  if (!rt.tables.get(model) && !rt.config.models[model]) throw new ApiError(404, `no model named "${model}"`);
}

export function lifecycleRoutes(rt: Runtime, retrainingSynced: () => Promise<void> = () => Promise.resolve()): Hono {
  const app = new Hono();

  app.get('/v1/registry', async (c) => {
    const registry = await registryOf(rt);
    return c.json([...registry].sort(([a], [b]) => a.localeCompare(b)).map(([model, versions]) => ({ model, versions })));
  });

  app.get('/v1/models/:model/versions', async (c) => {
    const model = c.req.param('model');
    const versions = await listVersions(rt, model);
    if (!versions) throw new ApiError(404, `no predictions stored for model "${model}"`);
    return c.json(versions);
  });

  app.get('/v1/audit/runs', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    return c.json(
      await auditRuns(rt.storage, {
        model: q('model'),
        stage: q('stage'),
        outcome: q('outcome'),
        since: timeParam(q('since'), 'since'),
        until: timeParam(q('until'), 'until'),
        limit: intParam(q('limit'), 'limit', 100, 1, 10_000),
      }),
    );
  });

  app.get('/v1/audit/events', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    return c.json(await auditEvents(rt.storage, { kind: q('kind'), model: q('model'), since: timeParam(q('since'), 'since'), until: timeParam(q('until'), 'until'), limit: intParam(q('limit'), 'limit', 100, 1, 10_000) }));
  });

  app.get('/v1/models/:model/card', async (c) => {
    const model = c.req.param('model');
    knownModel(rt, model);
    const format = c.req.query('format') ?? (/text\/html/.test(c.req.header('accept') ?? '') ? 'html' : 'md');
    if (format !== 'md' && format !== 'html' && format !== 'markdown') throw new ApiError(400, `query parameter format must be md or html, got "${format.slice(0, 20)}"`);
    const blocks = await modelCard(rt, model);
    if (format === 'html') return c.html(renderHtml(blocks, `Model card: ${model}`));
    return c.body(renderMarkdown(blocks), 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.get('/v1/models/:model/retraining', async (c) => {
    const model = c.req.param('model');
    knownModel(rt, model);
    await retrainingSynced();
    return c.json(await retrainingHistory(rt, model, intParam(c.req.query('limit'), 'limit', 100, 1, 10_000)));
  });

  return app;
}
