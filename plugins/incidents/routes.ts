// The incidents stage's read routes: incidents (newest revision of each) with their top-ranked
// cause, and one incident with its whole ranking and evidence.
import { intParam, openapiParts, RouteError, timeParam, type PluginRoute, type ResultReader } from '../../core/plugin-api/index.ts';

type IncidentRow = { status: string; end: string; members?: unknown } & Record<string, unknown>;
type Ranking = { ranking?: unknown[] } & Record<string, unknown>;

const statuses = ['open', 'closed', 'merged'] as const;
const { json, query: q, error } = openapiParts;

async function latestRankings(results: ResultReader, keys: string[]): Promise<Map<string, Ranking>> {
  const rows = await results.latestPerDataVersion<Ranking>('rca', keys);
  return new Map(rows.map((r) => [r.dataVersion!, r.payload]));
}

export const incidentRoutes: PluginRoute[] = [
  {
    path: '/v1/incidents',
    openapi: {
      summary: 'Incidents (findings and alerts grouped by time and call graph), newest first, with their top-ranked cause',
      parameters: [q('status', 'open, closed, merged or all (default: open and closed)', { enum: ['open', 'closed', 'merged', 'all'] }), q('since', 'only incidents that ended at or after this time (ISO-8601 or epoch ms)'), q('limit', 'max rows', { type: 'integer' })],
      responses: { '200': json('incidents without their member lists', { type: 'array' }), '400': json('bad query parameter', error) },
    },
    async handle(req, results) {
      const status = req.query('status');
      if (status !== undefined && status !== 'all' && !statuses.includes(status as (typeof statuses)[number])) {
        throw new RouteError(400, `query parameter status must be one of open, closed, merged, all; got "${status.slice(0, 40)}"`);
      }
      const since = timeParam(req.query('since'), 'since');
      const limit = intParam(req.query('limit'), 'limit', 100, 1, 10_000);
      const rows = (await results.latestPerDataVersion<IncidentRow>('incident'))
        .filter((r) => (status === undefined ? r.payload.status !== 'merged' : status === 'all' || r.payload.status === status))
        .filter((r) => !since || Date.parse(r.payload.end) >= since.getTime())
        .slice(0, limit);
      const rankings = await latestRankings(results, rows.map((r) => r.dataVersion!));
      return rows.map((r) => {
        const { members: _members, ...rest } = r.payload;
        return { ...rest, updated_at: r.createdAt, top_cause: rankings.get(r.dataVersion!)?.ranking?.[0] ?? null };
      });
    },
  },
  {
    path: '/v1/incidents/:id',
    openapi: {
      summary: 'One incident: start, end, symptom, members and the ranked candidate causes with evidence',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: { '200': json('incident with `rca.ranking`'), '400': json('id is not a positive integer', error), '404': json('no such incident', error) },
    },
    async handle(req, results) {
      const raw = req.params.id!;
      if (!/^[1-9]\d{0,15}$/.test(raw)) throw new RouteError(400, `incident id must be a positive integer, got "${raw.slice(0, 40)}"`);
      const key = `incident:${raw}`;
      const [row] = await results.latestPerDataVersion<IncidentRow>('incident', [key]);
      if (!row) throw new RouteError(404, `no incident with id ${raw}`);
      return { ...row.payload, updated_at: row.createdAt, rca: (await latestRankings(results, [key])).get(key) ?? null };
    },
  },
];
