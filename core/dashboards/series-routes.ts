// Small read endpoints over core tables that dashboard panels chart directly: prediction volume
// and score distribution per time bucket, logs by level, recent lines and the busiest templates.
// Every value reaches SQL as a parameter; table names come from the daemon's own layout.
import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import { ident } from '../storage/db.ts';
import { ApiError } from '../http/errors.ts';
import { intParam, timeParam } from '../http/query-params.ts';

export interface TimeWindow {
  since: Date;
  until: Date;
  /** Width of one bucket, whole seconds. */
  bucketSeconds: number;
}

/** `since`/`until` (default: the last hour) and `buckets` (default 60) into a bucketed window. */
export function timeWindow(q: (k: string) => string | undefined, now = Date.now()): TimeWindow {
  const until = timeParam(q('until'), 'until') ?? new Date(now);
  const since = timeParam(q('since'), 'since') ?? new Date(until.getTime() - 3_600_000);
  if (since >= until) throw new ApiError(400, 'query parameter since must be before until');
  const buckets = intParam(q('buckets'), 'buckets', 60, 1, 2000);
  const bucketSeconds = Math.max(1, Math.ceil((until.getTime() - since.getTime()) / 1000 / buckets));
  return { since, until, bucketSeconds };
}

const bucketSql = (col: string) => `epoch_ms(time_bucket(to_seconds($3::BIGINT), ${col}, $1::TIMESTAMP))::DOUBLE`;

function modelTable(rt: Runtime, model: string): string {
  const t = rt.tables.get(model);
  if (!t) throw new ApiError(404, `no model named "${model}"`);
  return ident(t.table);
}

export function seriesRoutes(rt: Runtime): Hono {
  const app = new Hono();
  const windowOf = (c: { req: { query(k: string): string | undefined } }) => timeWindow((k) => c.req.query(k));
  const params = (w: TimeWindow) => [w.since.toISOString(), w.until.toISOString(), w.bucketSeconds];

  app.get('/v1/models/:model/prediction-volume', async (c) => {
    const table = modelTable(rt, c.req.param('model'));
    const w = windowOf(c);
    const rows = await rt.storage.all<{ ts: number; version: string | null; count: number }>(
      `SELECT ${bucketSql('ts')} AS ts, version, count(*)::BIGINT AS count FROM ${table}
       WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP GROUP BY ALL ORDER BY ts, version`,
      params(w),
    );
    return c.json({ bucket_seconds: w.bucketSeconds, rows });
  });

  app.get('/v1/models/:model/score-distribution', async (c) => {
    const table = modelTable(rt, c.req.param('model'));
    const w = windowOf(c);
    // Scores when the model sends them, numeric predictions otherwise.
    const value = 'coalesce(score, prediction_num)';
    const rows = await rt.storage.all(
      `SELECT ${bucketSql('ts')} AS ts, count(${value})::BIGINT AS n,
              quantile_cont(${value}, 0.05) AS p05, quantile_cont(${value}, 0.25) AS p25, quantile_cont(${value}, 0.5) AS p50,
              quantile_cont(${value}, 0.75) AS p75, quantile_cont(${value}, 0.95) AS p95, avg(${value}) AS mean
       FROM ${table} WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND ${value} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      params(w),
    );
    return c.json({ bucket_seconds: w.bucketSeconds, rows });
  });

  app.get('/v1/models/:model/prediction-histogram', async (c) => {
    const table = modelTable(rt, c.req.param('model'));
    const w = windowOf(c);
    const bins = intParam(c.req.query('bins'), 'bins', 20, 2, 200);
    const range = [w.since.toISOString(), w.until.toISOString()];
    const classes = await rt.storage.all<{ value: string; count: number }>(
      `SELECT prediction_str AS value, count(*)::BIGINT AS count FROM ${table}
       WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND prediction_str IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 50`,
      range,
    );
    if (classes.length) return c.json({ kind: 'categorical', rows: classes.map((r) => ({ label: r.value, count: r.count })) });
    const value = 'coalesce(score, prediction_num)';
    const ext = await rt.storage.one<{ lo: number | null; hi: number | null }>(
      `SELECT min(${value}) AS lo, max(${value}) AS hi FROM ${table} WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP`,
      range,
    );
    if (ext?.lo == null || ext.hi == null) return c.json({ kind: 'numerical', rows: [] });
    const width = ext.hi > ext.lo ? (ext.hi - ext.lo) / bins : 1;
    const counts = await rt.storage.all<{ b: number; count: number }>(
      `SELECT least(floor((${value} - $3) / $4), $5 - 1)::INTEGER AS b, count(*)::BIGINT AS count FROM ${table}
       WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND ${value} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [...range, ext.lo, width, bins],
    );
    const byBin = new Map(counts.map((r) => [r.b, r.count]));
    const rows = Array.from({ length: ext.hi > ext.lo ? bins : 1 }, (_, b) => ({ lo: ext.lo! + b * width, hi: ext.lo! + (b + 1) * width, count: byBin.get(b) ?? 0 }));
    return c.json({ kind: 'numerical', rows });
  });

  app.get('/v1/logs/volume', async (c) => {
    const w = windowOf(c);
    const rows = await rt.storage.all(
      `SELECT ${bucketSql('ts')} AS ts, coalesce(lower(level), 'unknown') AS level, count(*)::BIGINT AS count FROM logs
       WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP GROUP BY ALL ORDER BY 1, 2`,
      params(w),
    );
    return c.json({ bucket_seconds: w.bucketSeconds, rows });
  });

  app.get('/v1/logs/recent', async (c) => {
    const w = windowOf(c);
    const limit = intParam(c.req.query('limit'), 'limit', 50, 1, 1000);
    const level = c.req.query('level');
    const rows = await rt.storage.all(
      `SELECT seq, ts, level, source, message, template_id FROM logs
       WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP ${level ? 'AND lower(level) = lower($3)' : ''} ORDER BY seq DESC LIMIT ${limit}`,
      level ? [w.since.toISOString(), w.until.toISOString(), level] : [w.since.toISOString(), w.until.toISOString()],
    );
    return c.json(rows);
  });

  // Templates as the stored lines carry them: counts over the window, first/last seen ever,
  // one example line. `order=new` lists the templates first seen most recently.
  app.get('/v1/logs/template-counts', async (c) => {
    const w = windowOf(c);
    const limit = intParam(c.req.query('limit'), 'limit', 20, 1, 1000);
    const order = c.req.query('order') === 'new' ? 'first_seen DESC' : 'count DESC';
    const rows = await rt.storage.all(
      `WITH ever AS (SELECT template_id, min(ts) AS first_seen, max(ts) AS last_seen FROM logs GROUP BY template_id)
       SELECT l.template_id, count(*)::BIGINT AS count, any_value(e.first_seen) AS first_seen, any_value(e.last_seen) AS last_seen,
              arg_max(l.message, l.seq) AS example
       FROM logs l JOIN ever e ON e.template_id IS NOT DISTINCT FROM l.template_id
       WHERE l.ts >= $1::TIMESTAMP AND l.ts < $2::TIMESTAMP GROUP BY l.template_id ORDER BY ${order} LIMIT ${limit}`,
      [w.since.toISOString(), w.until.toISOString()],
    );
    return c.json(rows);
  });

  return app;
}

const range = [
  { name: 'since', in: 'query', schema: { type: 'string' }, description: 'ISO-8601 or epoch ms (default: until − 1h)' },
  { name: 'until', in: 'query', schema: { type: 'string' }, description: 'ISO-8601 or epoch ms (default: now)' },
  { name: 'buckets', in: 'query', schema: { type: 'integer' }, description: 'number of time buckets (default 60)' },
];
const model = { name: 'model', in: 'path', required: true, schema: { type: 'string' } };
const ok = (description: string) => ({ '200': { description, content: { 'application/json': { schema: { type: 'object' } } } } });

export const seriesOpenapi: Record<string, unknown> = {
  '/v1/models/{model}/prediction-volume': { get: { summary: 'Predictions per time bucket and model version', parameters: [model, ...range], responses: ok('{bucket_seconds, rows: [{ts, version, count}]}') } },
  '/v1/models/{model}/score-distribution': { get: { summary: 'Score (or numeric prediction) quantiles per time bucket', parameters: [model, ...range], responses: ok('{bucket_seconds, rows: [{ts, n, p05, p25, p50, p75, p95, mean}]}') } },
  '/v1/models/{model}/prediction-histogram': { get: { summary: 'Histogram of scores, or counts per predicted class', parameters: [model, ...range], responses: ok('{kind, rows}') } },
  '/v1/logs/volume': { get: { summary: 'Log lines per time bucket and level', parameters: range, responses: ok('{bucket_seconds, rows: [{ts, level, count}]}') } },
  '/v1/logs/recent': { get: { summary: 'Newest log lines in the window', parameters: range, responses: ok('[{seq, ts, level, source, message, template_id}]') } },
  '/v1/logs/template-counts': { get: { summary: 'Lines per template in the window (order=count|new)', parameters: range, responses: ok('[{template_id, count, first_seen, last_seen, example}]') } },
};
