// Read endpoints over what the core stores: models, stages and their runs, results, findings,
// snapshots and the audit trail.
import { Hono } from 'hono';
import type { Runtime } from '../../runtime.ts';
import { queryResults } from '../../storage/run-store.ts';
import { listAudit, listFindings, listRuns } from '../../storage/api-reads.ts';
import { ApiError } from '../errors.ts';
import { intParam, timeParam } from '../../plugin-api/query-params.ts';

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
    const id = c.req.query('id');
    return c.json(
      await listRuns(rt.storage, {
        stage: c.req.query('stage') || undefined,
        id: id ? intParam(id, 'id', 0, 1, Number.MAX_SAFE_INTEGER) : undefined,
        limit: intParam(c.req.query('limit'), 'limit', 100, 1, 10_000),
      }),
    );
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
    return c.json(
      await listFindings(rt.storage, {
        stage: c.req.query('stage') || undefined,
        kind: c.req.query('kind') || undefined,
        severity: c.req.query('severity') || undefined,
        model: c.req.query('model') || undefined,
        since: timeParam(c.req.query('since'), 'since'),
        limit: intParam(c.req.query('limit'), 'limit', 100, 1, 10_000),
      }),
    );
  });

  app.get('/v1/snapshots', async (c) => c.json(await rt.reader.snapshots(c.req.query('model') || undefined)));

  app.get('/v1/audit', async (c) => c.json(await listAudit(rt.storage, { kind: c.req.query('kind') || undefined, limit: intParam(c.req.query('limit'), 'limit', 100, 1, 10_000) })));

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
