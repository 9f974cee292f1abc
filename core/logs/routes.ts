// Read API of the log pipeline: mined templates (merged aliases folded into their survivor),
// one template's examples with their parameters, and the anomalies the log-anomaly and
// metric-anomaly stages found. Log volume by level over time is served by the dashboards'
// /v1/logs/volume.
import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import { ApiError } from '../http/errors.ts';
import { intParam, timeParam } from '../http/query-params.ts';
import type { TemplateMiner } from '../../lib/logmine/index.ts';

const sortColumns = { count: 'count', first_seen: 'first_seen', last_seen: 'last_seen', id: 'id' } as const;
const anomalyStages = ['log-anomaly', 'metric-anomaly'];

interface TemplateRow {
  id: string;
  template: string | null;
  count: number;
  first_seen: Date;
  last_seen: Date;
  aliases: string[];
  examples: string[];
}

/** Templates with their merged-away ids folded in (one level: merges rewrite chains). */
const foldedTemplates = `
  SELECT root AS id,
         max(template) FILTER (WHERE id = root) AS template,
         sum(count)::BIGINT AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
         coalesce(list(id ORDER BY id) FILTER (WHERE id <> root), []) AS aliases,
         flatten(list(examples_list ORDER BY first_seq)) AS examples
  FROM (SELECT coalesce(merged_into, id) AS root, *, from_json(examples, '["VARCHAR"]') AS examples_list FROM log_templates)
  GROUP BY root`;

export function logRoutes(rt: Runtime, miner: () => TemplateMiner | null): Hono {
  const app = new Hono();

  app.get('/v1/logs/templates', async (c) => {
    const sortKey = c.req.query('sort') ?? 'count';
    if (!(sortKey in sortColumns)) throw new ApiError(400, `query parameter sort must be one of ${Object.keys(sortColumns).join(', ')}; got "${sortKey.slice(0, 40)}"`);
    const order = c.req.query('order') ?? (sortKey === 'id' ? 'asc' : 'desc');
    if (order !== 'asc' && order !== 'desc') throw new ApiError(400, `query parameter order must be asc or desc, got "${order.slice(0, 40)}"`);
    const newSince = timeParam(c.req.query('new_since'), 'new_since');
    const seenSince = timeParam(c.req.query('seen_since'), 'seen_since');
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const where: string[] = [];
    const params: string[] = [];
    if (newSince) where.push(`first_seen >= $${params.push(newSince.toISOString())}::TIMESTAMP`);
    if (seenSince) where.push(`last_seen >= $${params.push(seenSince.toISOString())}::TIMESTAMP`);
    const rows = await rt.storage.all<TemplateRow>(
      `SELECT id, template, count, first_seen, last_seen, aliases FROM (${foldedTemplates}) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${sortColumns[sortKey as keyof typeof sortColumns]} ${order}, id LIMIT ${limit}`,
      params,
    );
    const m = miner();
    return c.json(rows.map((r) => ({ ...r, template: m?.template(r.id)?.template ?? r.template })));
  });

  app.get('/v1/logs/templates/:id', async (c) => {
    const raw = c.req.param('id');
    if (!/^[0-9a-f]{1,32}(-\d{1,6})?$/.test(raw)) throw new ApiError(400, `template id must look like 0a1b2c3d4e5f, got "${raw.slice(0, 40)}"`);
    const own = await rt.storage.one<{ id: string; merged_into: string | null }>('SELECT id, merged_into FROM log_templates WHERE id = $1', [raw]);
    if (!own) throw new ApiError(404, `no template with id ${raw}`);
    const root = own.merged_into ?? own.id;
    const t = await rt.storage.one<TemplateRow>(`SELECT * FROM (${foldedTemplates}) WHERE id = $1`, [root]);
    if (!t) throw new ApiError(404, `no template with id ${raw}`);
    const m = miner();
    const paramsOf = (message: string) => m?.paramsOf(root, message) ?? null;
    const ids = [root, ...t.aliases];
    const recent = await rt.storage.all<{ seq: number; ts: Date; level: string | null; source: string | null; message: string }>(
      `SELECT seq, ts, level, source, message FROM logs WHERE template_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY seq DESC LIMIT 5`,
      ids,
    );
    const events = await rt.storage.all<{ ts: Date; type: string; template_id: string; template: string | null }>(
      `SELECT ts, type, template_id, template FROM log_template_events WHERE template_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id DESC LIMIT 20`,
      ids,
    );
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
    const params: string[] = [...stages];
    const where = [`stage IN (${stages.map((_, i) => `$${i + 1}`).join(', ')})`];
    if (since) where.push(`ts >= $${params.push(since.toISOString())}::TIMESTAMP`);
    if (until) where.push(`ts < $${params.push(until.toISOString())}::TIMESTAMP`);
    const kind = c.req.query('kind');
    if (kind) where.push(`kind = $${params.push(kind)}`);
    const rows = await rt.storage.all<{ id: number; run_id: number | null; stage: string; kind: string; severity: string; summary: string; labels: string; details: string | null; fingerprint: string; ts: Date }>(
      `SELECT id, run_id, stage, kind, severity, summary, labels, details, fingerprint, ts FROM findings WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ${limit}`,
      params,
    );
    return c.json(rows.map((r) => ({ ...r, labels: JSON.parse(r.labels) as Record<string, string>, details: r.details ? (JSON.parse(r.details) as unknown) : null })));
  });

  return app;
}
