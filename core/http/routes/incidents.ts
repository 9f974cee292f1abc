// Incidents, their root-cause rankings, correlations and failure risk, as the `incidents`,
// `correlation` and `failure-prediction` stages store them (newest revision of each incident).
import { Hono } from 'hono';
import type { FeatureModule, Runtime } from '../../runtime.ts';
import { latestPerDataVersion, queryResults } from '../../storage/run-store.ts';
import { ApiError } from '../errors.ts';
import { intParam, timeParam } from '../query-params.ts';

type IncidentRow = { status: string; end: string; members?: unknown } & Record<string, unknown>;

const statuses = ['open', 'closed', 'merged'] as const;

export function incidentRoutes(rt: Runtime): Hono {
  const app = new Hono();

  app.get('/v1/incidents', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && status !== 'all' && !statuses.includes(status as (typeof statuses)[number])) {
      throw new ApiError(400, `query parameter status must be one of open, closed, merged, all; got "${status.slice(0, 40)}"`);
    }
    const since = timeParam(c.req.query('since'), 'since');
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const rows = (await latestPerDataVersion<IncidentRow>(rt.storage, { stage: 'incidents', kind: 'incident' }))
      .filter((r) => (status === undefined ? r.payload.status !== 'merged' : status === 'all' || r.payload.status === status))
      .filter((r) => !since || Date.parse(r.payload.end) >= since.getTime())
      .slice(0, limit);
    const rankings = await latestRankings(rt, rows.map((r) => r.dataVersion!));
    return c.json(
      rows.map((r) => {
        const { members: _members, ...rest } = r.payload;
        const ranking = rankings.get(r.dataVersion!);
        return { ...rest, updated_at: r.createdAt, top_cause: ranking?.ranking?.[0] ?? null };
      }),
    );
  });

  app.get('/v1/incidents/:id', async (c) => {
    const raw = c.req.param('id');
    if (!/^[1-9]\d{0,15}$/.test(raw)) throw new ApiError(400, `incident id must be a positive integer, got "${raw.slice(0, 40)}"`);
    const key = `incident:${raw}`;
    const [row] = await latestPerDataVersion<IncidentRow>(rt.storage, { stage: 'incidents', kind: 'incident', dataVersions: [key] });
    if (!row) throw new ApiError(404, `no incident with id ${raw}`);
    const ranking = (await latestRankings(rt, [key])).get(key) ?? null;
    return c.json({ ...row.payload, updated_at: row.createdAt, rca: ranking });
  });

  app.get('/v1/correlations', async (c) => {
    const type = c.req.query('type');
    if (type !== undefined && type !== 'cooccurrence' && type !== 'lagged') throw new ApiError(400, `query parameter type must be cooccurrence or lagged, got "${type.slice(0, 40)}"`);
    const involving = c.req.query('event') || undefined;
    const limit = intParam(c.req.query('limit'), 'limit', 100, 1, 10_000);
    const latest = await latestResult(rt, 'correlation', 'correlations');
    if (!latest) return c.json({ computed_at: null, cooccurrence: [], lagged: [] });
    const p = latest.payload as { cooccurrence: { pairs: { a: string; b: string }[] } & Record<string, unknown>; lagged: { pairs: { x: string; y: string }[] } & Record<string, unknown> } & Record<string, unknown>;
    const co = p.cooccurrence.pairs.filter((x) => !involving || x.a === involving || x.b === involving).slice(0, limit);
    const lag = p.lagged.pairs.filter((x) => !involving || x.x === involving || x.y === involving).slice(0, limit);
    return c.json({
      computed_at: latest.createdAt,
      run_id: latest.runId,
      from: p.from,
      to: p.to,
      ...(type !== 'lagged' ? { cooccurrence_settings: omit(p.cooccurrence, 'pairs'), cooccurrence: co } : {}),
      ...(type !== 'cooccurrence' ? { lagged_settings: omit(p.lagged, 'pairs'), lagged: lag } : {}),
    });
  });

  app.get('/v1/failure-risk', async (c) => {
    const high = c.req.query('high');
    if (high !== undefined && high !== 'true' && high !== 'false') throw new ApiError(400, `query parameter high must be true or false, got "${high.slice(0, 40)}"`);
    const pattern = c.req.query('pattern') || undefined;
    const latest = await latestResult(rt, 'failure-prediction', 'failure_risk');
    if (!latest) return c.json({ computed_at: null, patterns: [] });
    const p = latest.payload as { patterns: { pattern: string; high: boolean }[] } & Record<string, unknown>;
    const patterns = p.patterns.filter((x) => (high === undefined || String(x.high) === high) && (!pattern || x.pattern === pattern));
    return c.json({ ...p, computed_at: latest.createdAt, run_id: latest.runId, patterns });
  });

  return app;
}

async function latestRankings(rt: Runtime, keys: string[]): Promise<Map<string, { ranking?: unknown[] } & Record<string, unknown>>> {
  const rows = await latestPerDataVersion<{ ranking?: unknown[] } & Record<string, unknown>>(rt.storage, { stage: 'incidents', kind: 'rca', dataVersions: keys });
  return new Map(rows.map((r) => [r.dataVersion!, r.payload]));
}

async function latestResult(rt: Runtime, stage: string, kind: string) {
  const [row] = await queryResults<Record<string, unknown>>(rt.storage, { stage, kind, limit: 1 });
  return row ?? null;
}

function omit<T extends Record<string, unknown>>(o: T, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}

const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ name, in: 'query', description, schema });
const error = { $ref: '#/components/schemas/Error' };

export const incidentsModule: FeatureModule = {
  name: 'incidents',
  routes: incidentRoutes,
  openapi: {
    '/v1/incidents': {
      get: {
        summary: 'Incidents (findings and alerts grouped by time and call graph), newest first, with their top-ranked cause',
        parameters: [q('status', 'open, closed, merged or all (default: open and closed)', { enum: ['open', 'closed', 'merged', 'all'] }), q('since', 'only incidents that ended at or after this time (ISO-8601 or epoch ms)'), q('limit', 'max rows', { type: 'integer' })],
        responses: { '200': ok('incidents without their member lists', { type: 'array' }), '400': ok('bad query parameter', error) },
      },
    },
    '/v1/incidents/{id}': {
      get: {
        summary: 'One incident: start, end, symptom, members and the ranked candidate causes with evidence',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': ok('incident with `rca.ranking`'), '400': ok('id is not a positive integer', error), '404': ok('no such incident', error) },
      },
    },
    '/v1/correlations': {
      get: {
        summary: 'Significant co-occurrences of event kinds (support, confidence, lift, Jaccard, Fisher p) and lagged correlations between bucketed series',
        parameters: [q('type', 'cooccurrence or lagged (default both)', { enum: ['cooccurrence', 'lagged'] }), q('event', 'only pairs involving this event kind or series'), q('limit', 'max pairs per list', { type: 'integer' })],
        responses: { '200': ok('the latest correlation result'), '400': ok('bad query parameter', error) },
      },
    },
    '/v1/failure-risk': {
      get: {
        summary: 'Probability of a failure within the horizon after each precursor pattern (Beta posterior, credible interval, base rate, lift)',
        parameters: [q('high', 'true: only patterns judged high risk', { enum: ['true', 'false'] }), q('pattern', 'one pattern')],
        responses: { '200': ok('the latest failure-risk result'), '400': ok('bad query parameter', error) },
      },
    },
  },
};
