// The performance stage's read route: realized performance (from labels) and the label-free
// estimate of a model over time, as stored.
import { modelResultsRoute, type PluginRoute } from '../../core/plugin-api/index.ts';
import type { RealizedResult } from './index.ts';
import type { EstimateResult } from './estimate.ts';

export const performanceRoutes: PluginRoute[] = [
  modelResultsRoute({
    path: '/v1/models/:model/performance',
    summary: 'Realized performance (from labels, overall and per segment) and label-free estimated performance of a model over time',
    answer: 'realized and estimated: latest and history (newest first)',
    async read(model, q, results) {
      const realized = await results.history<Partial<RealizedResult>>('performance.realized', { model, ...q });
      const estimated = await results.history<Partial<EstimateResult>>('performance.estimated', { model, ...q });
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
  }),
];
