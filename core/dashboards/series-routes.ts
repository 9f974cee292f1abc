// Small read endpoints that dashboard panels chart directly: prediction volume and score
// distribution per time bucket, logs by level, recent lines and the busiest templates (the
// reads themselves are core/storage/series-reads.ts).
import { Hono } from 'hono';
import type { Runtime } from '../runtime.ts';
import { logVolumeByLevel, logVolumeByTemplate, metricSeries, predictionHistogram, predictionVolume, recentLogLines, scoreQuantiles, templateCounts } from '../storage/series-reads.ts';
import { ApiError } from '../http/errors.ts';
import { intParam, timeParam } from '../plugin-api/query-params.ts';

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

function modelTable(rt: Runtime, model: string): string {
  const t = rt.tables.get(model);
  if (!t) throw new ApiError(404, `no model named "${model}"`);
  return t.table;
}

export function seriesRoutes(rt: Runtime): Hono {
  const app = new Hono();
  const windowOf = (c: { req: { query(k: string): string | undefined } }) => timeWindow((k) => c.req.query(k), rt.clock());

  app.get('/v1/models/:model/prediction-volume', async (c) => {
    const table = modelTable(rt, c.req.param('model'));
    const w = windowOf(c);
    return c.json({ bucket_seconds: w.bucketSeconds, rows: await predictionVolume(rt.storage, table, w) });
  });

  app.get('/v1/models/:model/score-distribution', async (c) => {
    const table = modelTable(rt, c.req.param('model'));
    const w = windowOf(c);
    return c.json({ bucket_seconds: w.bucketSeconds, rows: await scoreQuantiles(rt.storage, table, w) });
  });

  app.get('/v1/models/:model/prediction-histogram', async (c) => {
    const table = modelTable(rt, c.req.param('model'));
    const w = windowOf(c);
    const bins = intParam(c.req.query('bins'), 'bins', 20, 2, 200);
    return c.json(await predictionHistogram(rt.storage, table, w, bins));
  });

  // `by=template` splits by the busiest templates (`top`, default 8) instead of by level.
  app.get('/v1/logs/volume', async (c) => {
    const w = windowOf(c);
    const by = c.req.query('by') ?? 'level';
    if (by !== 'level' && by !== 'template') throw new ApiError(400, `by must be level or template, not "${by}"`);
    if (by === 'template') return c.json({ bucket_seconds: w.bucketSeconds, ...(await logVolumeByTemplate(rt.storage, w, intParam(c.req.query('top'), 'top', 8, 1, 50))) });
    return c.json({ bucket_seconds: w.bucketSeconds, rows: await logVolumeByLevel(rt.storage, w) });
  });

  app.get('/v1/logs/recent', async (c) => {
    const w = windowOf(c);
    const limit = intParam(c.req.query('limit'), 'limit', 50, 1, 1000);
    return c.json(await recentLogLines(rt.storage, w, { level: c.req.query('level') || undefined, limit }));
  });

  // One series of a metric: its name and its exact label set (JSON object, default {}).
  app.get('/v1/metrics/series', async (c) => {
    const w = windowOf(c);
    const name = c.req.query('name');
    if (!name) throw new ApiError(400, 'query parameter name is required (the metric name)');
    let labels: Record<string, string> = {};
    const raw = c.req.query('labels');
    if (raw) {
      try {
        labels = JSON.parse(raw) as Record<string, string>;
      } catch {
        throw new ApiError(400, 'query parameter labels must be a JSON object, e.g. {"service":"api"}');
      }
      if (!labels || typeof labels !== 'object' || Array.isArray(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
        throw new ApiError(400, 'query parameter labels must be a JSON object of strings, e.g. {"service":"api"}');
      }
    }
    return c.json({ bucket_seconds: w.bucketSeconds, name, labels, rows: await metricSeries(rt.storage, w, name, labels) });
  });

  // `order=new` lists the templates first seen most recently.
  app.get('/v1/logs/template-counts', async (c) => {
    const w = windowOf(c);
    const limit = intParam(c.req.query('limit'), 'limit', 20, 1, 1000);
    return c.json(await templateCounts(rt.storage, w, { newest: c.req.query('order') === 'new', limit }));
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
  '/v1/logs/volume': {
    get: {
      summary: 'Log lines per time bucket and level, or per template (by=template, top=8)',
      parameters: [
        ...range,
        { name: 'by', in: 'query', schema: { type: 'string', enum: ['level', 'template'] }, description: 'split by level (default) or by template' },
        { name: 'top', in: 'query', schema: { type: 'integer' }, description: 'with by=template: templates shown, the rest summed as "other" (default 8)' },
      ], responses: ok('{bucket_seconds, rows: [{ts, level, count}]} | by=template: {bucket_seconds, rows: [{ts, template_id, count}], templates: [{id, template, first_seen}]}'),
    },
  },
  '/v1/metrics/series': {
    get: {
      summary: 'One metric series per time bucket (mean, min, max, samples): name and exact label set',
      parameters: [
        { name: 'name', in: 'query', required: true, schema: { type: 'string' }, description: 'metric name' },
        { name: 'labels', in: 'query', schema: { type: 'string' }, description: 'the exact label set as a JSON object (default {})' },
        ...range,
      ],
      responses: ok('{bucket_seconds, name, labels, rows: [{ts, value, min, max, n}]}'),
    },
  },
  '/v1/logs/recent': { get: { summary: 'Newest log lines in the window', parameters: range, responses: ok('[{seq, ts, level, source, message, template_id}]') } },
  '/v1/logs/template-counts': { get: { summary: 'Lines per template in the window (order=count|new)', parameters: range, responses: ok('[{template_id, template, count, first_seen, last_seen, example}]') } },
};
