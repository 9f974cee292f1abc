// The validation stage's read route: a model's validation results per window, as stored.
import { historyParams, openapiParts, RouteError, type PluginRoute } from '../../core/plugin-api/index.ts';
import type { ValidationResult } from './index.ts';

const { model: modelParam, history: historyQuery, json } = openapiParts;

export const validationRoutes: PluginRoute[] = [
  {
    path: '/v1/models/:model/validation',
    openapi: {
      summary: 'Validation results of a model per window: schema, type mismatches, missing share, out-of-range share, unseen categories, volume, sensitive features',
      parameters: [modelParam, ...historyQuery],
      responses: { '200': json('latest result and history (newest first)'), '404': json('unknown model') },
    },
    async handle(req, results) {
      const model = req.params.model!;
      if (!req.modelKnown(model)) throw new RouteError(404, `no model named "${model}"`);
      const history = await results.history<Partial<ValidationResult>>('validation.window', { model, ...historyParams(req.query) });
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
  },
];
