// GET /v1/models/{model}/compare: two versions compared on request over a window (two-proportion
// test on correctness, Welch and Mann–Whitney on scores, effect sizes, power, the bandit split).
import { intParam, openapiParts, RouteError, windowParams, type PluginRoute } from '../../core/plugin-api/index.ts';
import { compareVersions, finiteOrNull } from '../../lib/abtest/compare-versions.ts';

const { model, json, query } = openapiParts;

export const abTestRoutes: PluginRoute[] = [
  {
    path: '/v1/models/:model/compare',
    openapi: {
      summary: 'A/B comparison of two versions: two-proportion, Welch t, Mann–Whitney, effect sizes with CIs, power, Thompson bandit',
      parameters: [
        model,
        query('a', 'control version (default: first seen)'),
        query('b', 'treatment version (default: newest)'),
        query('window', 'duration, default 24h'),
        query('since', 'ISO-8601 or epoch ms'),
        query('until', 'ISO-8601 or epoch ms'),
        query('alpha', 'significance level', { type: 'number' }),
        query('min_per_arm', 'smallest arm tested', { type: 'integer' }),
      ],
      responses: { '200': json('comparison; undefined numbers are null'), '400': json('unknown or missing versions'), '404': json('unknown model') },
    },
    async handle(req) {
      const name = req.params.model!;
      const info = (await req.data.models()).find((m) => m.model === name);
      if (!info) throw new RouteError(404, `no predictions stored for model "${name}"`);
      const a = req.query('a') ?? info.versions[0];
      const b = req.query('b') ?? info.versions.at(-1);
      if (!a || !b || a === b) throw new RouteError(400, `give two different versions as ?a=…&b=… (model ${name} has: ${info.versions.join(', ') || 'none'})`);
      for (const v of [a, b]) if (!info.versions.includes(v)) throw new RouteError(400, `model ${name} has no version "${v}" (known: ${info.versions.join(', ')})`);
      const alpha = Number(req.query('alpha') ?? 0.05);
      if (!(alpha > 0 && alpha < 1)) throw new RouteError(400, 'query parameter alpha must be between 0 and 1');
      const { since, until } = windowParams(req.query, req.now);
      const cols = await req.data.predictions(name, { since, until, features: [] });
      const s = req.modelSettings(name);
      const cmp = compareVersions(cols, a, b, { alpha, task: s.task, positiveLabel: s.positive_label, minPerArm: intParam(req.query('min_per_arm'), 'min_per_arm', 30, 2, 1_000_000) });
      return finiteOrNull({ model: name, window: { since: since.toISOString(), until: until.toISOString() }, ...cmp });
    },
  },
];
