// Model health read API: the drift, validation and performance results the stages stored, per
// model, as the latest result, a history over time and (for drift) a feature × time heat map.
import { Hono } from 'hono';
import type { FeatureModule, Runtime } from '../../runtime.ts';
import type { StoredResult } from '../../plugin-api/index.ts';
import { queryResults } from '../../storage/run-store.ts';
import { ApiError } from '../errors.ts';
import { intParam, timeParam } from '../query-params.ts';

interface DriftColumn {
  name: string;
  method: string | null;
  statistic: number | null;
  p_value: number | null;
  drift: boolean;
  error?: string;
}

interface DriftPayload {
  window?: { id: string; since: string | null; until: string | null; rows: number };
  reference?: { version: string };
  report?: { columns: DriftColumn[]; share_drifted: number; dataset_drift: boolean };
  prediction?: DriftColumn | null;
  multivariate?: { error: number; drifted: boolean } | null;
}

function historyParams(c: { req: { query(k: string): string | undefined } }) {
  return {
    limit: intParam(c.req.query('limit'), 'limit', 100, 1, 10_000),
    since: timeParam(c.req.query('since'), 'since'),
    until: timeParam(c.req.query('until'), 'until'),
  };
}

async function knownModel(rt: Runtime, model: string): Promise<void> {
  if (rt.tables.get(model) || rt.config.models[model]) return;
  throw new ApiError(404, `no model named "${model}"`);
}

/** One row per stored report (oldest first): each feature's statistic, p-value and verdict. */
export function driftHeatmap(history: StoredResult<DriftPayload>[]) {
  const features: string[] = [];
  const seen = new Set<string>();
  const rows = [...history].reverse().map((r) => {
    const cells: Record<string, { statistic: number | null; p_value: number | null; method: string | null; drift: boolean }> = {};
    for (const col of r.payload.report?.columns ?? []) {
      if (!seen.has(col.name)) seen.add(col.name), features.push(col.name);
      cells[col.name] = { statistic: col.statistic, p_value: col.p_value, method: col.method, drift: col.drift };
    }
    return { at: r.createdAt, window_id: r.payload.window?.id ?? r.dataVersion, cells };
  });
  return { features, rows };
}

function modelHealthRoutes(rt: Runtime): Hono {
  const app = new Hono();

  app.get('/v1/models/:model/drift', async (c) => {
    const model = c.req.param('model');
    await knownModel(rt, model);
    const history = await queryResults<DriftPayload>(rt.storage, { stage: 'drift', kind: 'drift.report', model, ...historyParams(c) });
    return c.json({
      model,
      latest: history[0] ?? null,
      history: history.map((r) => ({
        at: r.createdAt,
        window: r.payload.window ?? null,
        reference_version: r.payload.reference?.version ?? null,
        share_drifted: r.payload.report?.share_drifted ?? null,
        dataset_drift: r.payload.report?.dataset_drift ?? null,
        drifted_features: (r.payload.report?.columns ?? []).filter((col) => col.drift).map((col) => col.name),
        prediction_drift: r.payload.prediction?.drift ?? null,
        multivariate: r.payload.multivariate ?? null,
        model_version: r.modelVersion,
        config_version: r.configVersion,
      })),
      heatmap: driftHeatmap(history),
    });
  });

  app.get('/v1/models/:model/validation', async (c) => {
    const model = c.req.param('model');
    await knownModel(rt, model);
    const history = await queryResults<{ window?: unknown; problems?: number; features?: { name: string; problems: unknown[] }[] }>(rt.storage, {
      stage: 'validation',
      kind: 'validation.window',
      model,
      ...historyParams(c),
    });
    return c.json({
      model,
      latest: history[0] ?? null,
      history: history.map((r) => ({
        at: r.createdAt,
        window: r.payload.window ?? null,
        problems: r.payload.problems ?? 0,
        features_with_problems: (r.payload.features ?? []).filter((f) => f.problems.length > 0).map((f) => f.name),
        model_version: r.modelVersion,
      })),
    });
  });

  app.get('/v1/models/:model/performance', async (c) => {
    const model = c.req.param('model');
    await knownModel(rt, model);
    const p = historyParams(c);
    const realized = await queryResults<{ window?: unknown; overall?: unknown; warnings?: string[] }>(rt.storage, { stage: 'performance', kind: 'performance.realized', model, ...p });
    const estimated = await queryResults<{ window?: unknown; estimate?: unknown }>(rt.storage, { stage: 'performance', kind: 'performance.estimated', model, ...p });
    return c.json({
      model,
      realized: {
        latest: realized[0] ?? null,
        history: realized.map((r) => ({ at: r.createdAt, window: r.payload.window ?? null, overall: r.payload.overall ?? null, warnings: r.payload.warnings ?? [], model_version: r.modelVersion })),
      },
      estimated: {
        latest: estimated[0] ?? null,
        history: estimated.map((r) => ({ at: r.createdAt, window: r.payload.window ?? null, estimate: r.payload.estimate ?? null, model_version: r.modelVersion })),
      },
    });
  });

  return app;
}

const modelParam = { name: 'model', in: 'path', required: true, schema: { type: 'string' } };
const historyQuery = [
  { name: 'limit', in: 'query', description: 'most results to return (newest first)', schema: { type: 'integer', default: 100 } },
  { name: 'since', in: 'query', description: 'ISO-8601 or epoch ms', schema: { type: 'string' } },
  { name: 'until', in: 'query', description: 'ISO-8601 or epoch ms', schema: { type: 'string' } },
];
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

export const modelHealthModule: FeatureModule = {
  name: 'model-health',
  routes: modelHealthRoutes,
  openapi: {
    '/v1/models/{model}/drift': {
      get: {
        summary: 'Drift reports of a model: the latest (SPEC §5 report with explanations, prediction, segment, multivariate and streaming drift), a history, and a feature × time heat map of statistics',
        parameters: [modelParam, ...historyQuery],
        responses: { '200': json('latest report, history (newest first) and heat map (oldest first)'), '404': json('unknown model') },
      },
    },
    '/v1/models/{model}/validation': {
      get: {
        summary: 'Validation results of a model per window: schema, type mismatches, missing share, out-of-range share, unseen categories, volume, sensitive features',
        parameters: [modelParam, ...historyQuery],
        responses: { '200': json('latest result and history (newest first)'), '404': json('unknown model') },
      },
    },
    '/v1/models/{model}/performance': {
      get: {
        summary: 'Realized performance (from labels, overall and per segment) and label-free estimated performance of a model over time',
        parameters: [modelParam, ...historyQuery],
        responses: { '200': json('realized and estimated: latest and history (newest first)'), '404': json('unknown model') },
      },
    },
  },
};
