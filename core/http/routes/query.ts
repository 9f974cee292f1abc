// Read endpoints over what the core stores: models, stages and their runs, results, findings,
// snapshots and the audit trail.
import { Hono } from 'hono';
import type { Runtime } from '../../runtime.ts';
import { queryResults } from '../../storage/run-store.ts';
import { ApiError } from '../errors.ts';
import { intParam, timeParam } from '../query-params.ts';

export function queryRoutes(rt: Runtime): Hono {
  const app = new Hono();

  app.get('/v1/models', async (c) => {
    const models = await rt.reader.models();
    return c.json(models.map((m) => ({ model: m.model, predictions: m.predictions, labels: m.labels, versions: m.versions })));
  });

  app.get('/v1/models/:model', async (c) => {
    const model = c.req.param('model');
    const m = (await rt.reader.models()).find((x) => x.model === model);
    if (!m) throw new ApiError(404, `no model named "${model}"`);
    return c.json({ ...m, settings: rt.config.models[model] ?? {} });
  });

  app.get('/v1/stages', (c) => c.json(rt.host.stats()));

  // `id` picks one run (the links in alert messages point here); `stage` narrows to a stage.
  app.get('/v1/runs', async (c) => {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const stage = c.req.query('stage');
    if (stage) {
      params.push(stage);
      where.push(`stage = $${params.length}`);
    }
    const id = c.req.query('id');
    if (id) {
      params.push(intParam(id, 'id', 0, 1, Number.MAX_SAFE_INTEGER));
      where.push(`id = $${params.length}`);
    }
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const rows = await rt.storage.all(`SELECT * FROM stage_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`, params);
    return c.json(rows);
  });

  app.get('/v1/results', async (c) => {
    const rows = await queryResults(rt.storage, {
      stage: c.req.query('stage'),
      kind: c.req.query('kind'),
      model: c.req.query('model'),
      since: timeParam(c.req.query('since'), 'since'),
      until: timeParam(c.req.query('until'), 'until'),
      limit: intParam(c.req.query('limit'), 'limit', 100, 1, 10_000),
    });
    return c.json(rows);
  });

  app.get('/v1/findings', async (c) => {
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const key of ['stage', 'kind', 'severity'] as const) {
      const v = c.req.query(key);
      if (v) {
        params.push(v);
        where.push(`${key} = $${params.length}`);
      }
    }
    const model = c.req.query('model');
    if (model) {
      params.push(model);
      where.push(`json_extract_string(labels, '$.model') = $${params.length}`);
    }
    const since = timeParam(c.req.query('since'), 'since');
    if (since) {
      params.push(since.toISOString());
      where.push(`ts >= $${params.length}::TIMESTAMP`);
    }
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const rows = await rt.storage.all<{ labels: string; details: string | null }>(
      `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
      params,
    );
    return c.json(rows.map((r) => ({ ...r, labels: JSON.parse(r.labels), details: r.details ? JSON.parse(r.details) : null })));
  });

  app.get('/v1/snapshots', async (c) => c.json(await rt.reader.snapshots(c.req.query('model') || undefined)));

  app.get('/v1/audit', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const kind = c.req.query('kind');
    const rows = await rt.storage.all<{ details: string | null }>(
      `SELECT * FROM audit ${kind ? 'WHERE kind = $1' : ''} ORDER BY id DESC LIMIT ${limit}`,
      kind ? [kind] : [],
    );
    return c.json(rows.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null })));
  });

  return app;
}

export function adminRoutes(rt: Runtime): Hono {
  const app = new Hono();
  app.post('/v1/stages/:name/run', async (c) => {
    const name = c.req.param('name');
    if (!rt.host.names().includes(name)) throw new ApiError(404, `no stage named "${name}"`);
    // The caller asked for this run: a scheduled run in progress is waited for, not answered as skipped.
    const r = await rt.host.runAfterCurrent(name, 'api');
    return c.json({ outcome: r.outcome, run_id: r.runId, findings: r.findings.length, error: r.error ?? null });
  });
  return app;
}
