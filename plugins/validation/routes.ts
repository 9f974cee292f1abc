// The validation stage's read route: a model's validation results per window, as stored.
import { modelResultsRoute, type PluginRoute } from '../../core/plugin-api/index.ts';
import type { ValidationResult } from './index.ts';

export const validationRoutes: PluginRoute[] = [
  modelResultsRoute({
    path: '/v1/models/:model/validation',
    summary: 'Validation results of a model per window: schema, type mismatches, missing share, out-of-range share, unseen categories, volume, sensitive features',
    answer: 'latest result and history (newest first)',
    async read(model, q, results) {
      const history = await results.history<Partial<ValidationResult>>('validation.window', { model, ...q });
      return {
        model,
        latest: history[0] ?? null,
        history: history.map((r) => ({
          at: r.createdAt,
          window: r.payload.window ?? null,
          problems: r.payload.problems ?? 0,
          features_with_problems: (r.payload.features ?? []).filter((f) => f.problems.length > 0).map((f) => f.name),
          model_version: r.modelVersion,
        })),
      };
    },
  }),
];
