// Read API of the log pipeline: mined templates (merged aliases folded into their survivor),
// one template's examples with their parameters, and the anomalies the log-anomaly and
// metric-anomaly stages found. Log volume by level over time is served by the dashboards'
// /v1/logs/volume.
import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import { ApiError } from '../http/errors.ts';
import { intParam, timeParam } from '../plugin-api/query-params.ts';
import type { TemplateMiner } from '../../lib/logmine/index.ts';
import { listTemplates, templateDetail, templateSortKeys, type TemplateSortKey } from '../storage/template-reads.ts';
import { listStageFindings } from '../storage/api-reads.ts';

const anomalyStages = ['log-anomaly', 'metric-anomaly'];

export function logRoutes(rt: Runtime, miner: () => TemplateMiner | null): Hono {
  const app = new Hono();

  app.get('/v1/logs/templates', async (c) => {
    const sortKey = c.req.query('sort') ?? 'count';
    if (!templateSortKeys.includes(sortKey as TemplateSortKey)) throw new ApiError(400, `query parameter sort must be one of ${templateSortKeys.join(', ')}; got "${sortKey.slice(0, 40)}"`);
    const order = c.req.query('order') ?? (sortKey === 'id' ? 'asc' : 'desc');
    if (order !== 'asc' && order !== 'desc') throw new ApiError(400, `query parameter order must be asc or desc, got "${order.slice(0, 40)}"`);
    const newSince = timeParam(c.req.query('new_since'), 'new_since');
    const seenSince = timeParam(c.req.query('seen_since'), 'seen_since');
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const rows = await listTemplates(rt.storage, { newSince, seenSince, sort: sortKey as TemplateSortKey, order, limit });
    const m = miner();
    return c.json(rows.map((r) => ({ ...r, template: m?.template(r.id)?.template ?? r.template })));
  });

  app.get('/v1/logs/templates/:id', async (c) => {
    const raw = c.req.param('id');
    if (!/^[0-9a-f]{1,32}(-\d{1,6})?$/.test(raw)) throw new ApiError(400, `template id must look like 0a1b2c3d4e5f, got "${raw.slice(0, 40)}"`);
    const found = await templateDetail(rt.storage, raw);
    if (!found) throw new ApiError(404, `no template with id ${raw}`);
    const { root, template: t, recent, events } = found;
    const m = miner();
    const paramsOf = (message: string) => m?.paramsOf(root, message) ?? null;
    return c.json({
      id: root,
      requested_id: raw,
      template: m?.template(root)?.template ?? t.template,
      count: t.count,
      first_seen: t.first_seen,
      last_seen: t.last_seen,
      aliases: t.aliases,
      examples: t.examples.slice(0, 10).map((message) => ({ message, params: paramsOf(message) })),
      recent: recent.map((r) => ({ ...r, params: paramsOf(r.message) })),
      events,
    });
  });

  app.get('/v1/anomalies', async (c) => {
    const since = timeParam(c.req.query('since'), 'since');
    const until = timeParam(c.req.query('until'), 'until');
    const limit = intParam(c.req.query('limit'), 'limit', 200, 1, 10_000);
    const source = c.req.query('source');
    if (source !== undefined && source !== 'logs' && source !== 'metrics') throw new ApiError(400, `query parameter source must be logs or metrics, got "${source.slice(0, 40)}"`);
    const stages = source === 'logs' ? ['log-anomaly'] : source === 'metrics' ? ['metric-anomaly'] : anomalyStages;
    const kind = c.req.query('kind') || undefined;
    return c.json(await listStageFindings(rt.storage, { stages, kind, since, until, limit }));
  });

  return app;
}
