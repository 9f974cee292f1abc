// The performance stage's read route: realized performance (from labels) and the label-free
// estimate of a model over time, as stored.
import { historyParams, openapiParts, RouteError, type PluginRoute } from '../../core/plugin-api/index.ts';
import type { RealizedResult } from './index.ts';
import type { EstimateResult } from './estimate.ts';

const { model: modelParam, history: historyQuery, json } = openapiParts;

export const performanceRoutes: PluginRoute[] = [
  {
    path: '/v1/models/:model/performance',
    openapi: {
      summary: 'Realized performance (from labels, overall and per segment) and label-free estimated performance of a model over time',
      parameters: [modelParam, ...historyQuery],
      responses: { '200': json('realized and estimated: latest and history (newest first)'), '404': json('unknown model') },
    },
    async handle(req, results) {
      const model = req.params.model!;
      if (!req.modelKnown(model)) throw new RouteError(404, `no model named "${model}"`);
      const p = historyParams(req.query);
      const realized = await results.history<Partial<RealizedResult>>('performance.realized', { model, ...p });
      const estimated = await results.history<Partial<EstimateResult> & { estimate?: unknown }>('performance.estimated', { model, ...p });
      return {
        model,
        realized: {
          latest: realized[0] ?? null,
          history: realized.map((r) => ({ at: r.createdAt, window: r.payload.window ?? null, overall: r.payload.overall ?? null, warnings: r.payload.warnings ?? [], model_version: r.modelVersion })),
        },
        estimated: {
          latest: estimated[0] ?? null,
          history: estimated.map((r) => ({ at: r.createdAt, window: r.payload.window ?? null, estimate: r.payload.estimate ?? null, model_version: r.modelVersion })),
        },
      };
    },
  },
];
