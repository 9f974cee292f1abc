// GET /v1/models/{model}/fairness: the stage's newest gaps per sensitive attribute and model
// version, or, without stored results or with ?live, the gaps computed now over a window.
import { intParam, openapiParts, RouteError, windowParams, type PluginRoute } from '../../core/plugin-api/index.ts';
import { fairnessReport } from '../../lib/fairness/fairness-report.ts';

const { model, json, query } = openapiParts;

export const fairnessRoutes: PluginRoute[] = [
  {
    path: '/v1/models/:model/fairness',
    openapi: {
      summary: 'Demographic parity and equal-opportunity differences per sensitive attribute (stored, or live with ?live)',
      parameters: [
        model,
        query('live', 'compute now instead of reading the fairness stage'),
        query('window', 'duration for live, default 24h'),
        query('since', 'for live: ISO-8601 or epoch ms'),
        query('until', 'for live: ISO-8601 or epoch ms'),
        query('min_group_size', 'for live', { type: 'integer' }),
      ],
      responses: { '200': json('fairness results'), '404': json('unknown model') },
    },
    async handle(req, results) {
      const name = req.params.model!;
      if (!req.modelKnown(name)) throw new RouteError(404, `no model named "${name}"`);
      if (req.query('live') === undefined) {
        // Newest first; the first result seen per (attribute, version) is the newest one.
        const newest = new Map<string, { result_id: number; created_at: Date } & Record<string, unknown>>();
        for (const r of await results.history<Record<string, unknown>>('fairness.attribute', { model: name, limit: 10_000 })) {
          const key = JSON.stringify([r.payload.attribute, r.modelVersion]);
          if (!newest.has(key)) newest.set(key, { result_id: r.id, created_at: r.createdAt, ...r.payload });
        }
        if (newest.size) return { source: 'fairness stage', results: [...newest.values()].reverse() };
      }
      const { since, until } = windowParams(req.query, req.now);
      const s = req.modelSettings(name);
      const cols = await req.data.predictions(name, { since, until, features: [] });
      const minGroupSize = intParam(req.query('min_group_size'), 'min_group_size', 30, 1, 1_000_000);
      const out = (s.sensitive_attributes ?? []).map((a) => fairnessReport(cols, a, s.positive_label ?? 1, minGroupSize)).filter((r) => r !== null);
      return { source: 'live', window: { since: since.toISOString(), until: until.toISOString() }, results: out };
    },
  },
];
