// The shape most plugin read routes share: `/v1/models/:model/<what>`, a 404 for a model nobody
// knows, and `limit`/`since`/`until` over the stage's results (newest first).
import type { PluginRoute, ResultReader } from './index.ts';
import { historyParams, openapiParts } from './query-params.ts';
import { RouteError } from './route-error.ts';

export function modelResultsRoute(o: {
  path: string;
  summary: string;
  /** What the 200 answer holds, for the OpenAPI document. */
  answer: string;
  read(model: string, history: ReturnType<typeof historyParams>, results: ResultReader): Promise<unknown>;
}): PluginRoute {
  const { model, history, json } = openapiParts;
  return {
    path: o.path,
    openapi: { summary: o.summary, parameters: [model, ...history], responses: { '200': json(o.answer), '404': json('unknown model') } },
    async handle(req, results) {
      const name = req.params.model!;
      if (!req.modelKnown(name)) throw new RouteError(404, `no model named "${name}"`);
      return o.read(name, historyParams(req.query), results);
    },
  };
}
