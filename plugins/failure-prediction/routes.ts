// The failure-prediction stage's read route: the newest run's risk per precursor pattern.
import { openapiParts, RouteError, type PluginRoute } from '../../core/plugin-api/index.ts';

const { json, query: q, error } = openapiParts;

type StoredRisk = { patterns: { pattern: string; high: boolean }[] } & Record<string, unknown>;

export const failureRiskRoutes: PluginRoute[] = [
  {
    path: '/v1/failure-risk',
    openapi: {
      summary: 'Probability of a failure within the horizon after each precursor pattern (Beta posterior, credible interval, base rate, lift)',
      parameters: [q('high', 'true: only patterns judged high risk', { enum: ['true', 'false'] }), q('pattern', 'one pattern')],
      responses: { '200': json('the latest failure-risk result'), '400': json('bad query parameter', error) },
    },
    async handle(req, results) {
      const high = req.query('high');
      if (high !== undefined && high !== 'true' && high !== 'false') throw new RouteError(400, `query parameter high must be true or false, got "${high.slice(0, 40)}"`);
      const pattern = req.query('pattern') || undefined;
      const latest = await results.latest<StoredRisk>('failure_risk');
      if (!latest) return { computed_at: null, patterns: [] };
      const p = latest.payload;
      const patterns = p.patterns.filter((x) => (high === undefined || String(x.high) === high) && (!pattern || x.pattern === pattern));
      return { ...p, computed_at: latest.createdAt, run_id: latest.runId, patterns };
    },
  },
];
