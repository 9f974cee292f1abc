// The correlation stage's read route: the newest run's significant co-occurrences and lagged
// correlations, optionally only one type or the pairs involving one event kind or series.
import { intParam, openapiParts, RouteError, type PluginRoute } from '../../core/plugin-api/index.ts';
import type { CorrelationResult } from './index.ts';

const { json, query: q, error } = openapiParts;

function omit<T extends object>(o: T, key: keyof T): Omit<T, typeof key> {
  const { [key]: _dropped, ...rest } = o;
  return rest;
}

export const correlationRoutes: PluginRoute[] = [
  {
    path: '/v1/correlations',
    openapi: {
      summary: 'Significant co-occurrences of event kinds (support, confidence, lift, Jaccard, Fisher p) and lagged correlations between bucketed series',
      parameters: [q('type', 'cooccurrence or lagged (default both)', { enum: ['cooccurrence', 'lagged'] }), q('event', 'only pairs involving this event kind or series'), q('limit', 'max pairs per list', { type: 'integer' })],
      responses: { '200': json('the latest correlation result; pairs naming a log template carry its text as a_label/b_label or x_label/y_label; lagged pairs also say which series moved first (leading, following, lead_buckets)'), '400': json('bad query parameter', error) },
    },
    async handle(req, results) {
      const type = req.query('type');
      if (type !== undefined && type !== 'cooccurrence' && type !== 'lagged') throw new RouteError(400, `query parameter type must be cooccurrence or lagged, got "${type.slice(0, 40)}"`);
      const involving = req.query('event') || undefined;
      const limit = intParam(req.query('limit'), 'limit', 100, 1, 10_000);
      const latest = await results.latest<CorrelationResult>('correlations');
      if (!latest) return { computed_at: null, cooccurrence: [], lagged: [] };
      const p = latest.payload;
      // A log template is named by its id; its text rides along as `<side>_label` for reading.
      const text = p.templates ?? {};
      const label = (side: string, key: string) => (text[key] !== undefined ? { [`${side}_label`]: text[key] } : {});
      const co = p.cooccurrence.pairs.filter((x) => !involving || x.a === involving || x.b === involving).slice(0, limit).map((x) => ({ ...x, ...label('a', x.a), ...label('b', x.b) }));
      // `leading`/`following` put the pair in time order (x and y as given when in the same bucket).
      const lag = p.lagged.pairs
        .filter((x) => !involving || x.x === involving || x.y === involving)
        .slice(0, limit)
        .map((x) => {
          const [leading, following] = x.lag < 0 ? [x.y, x.x] : [x.x, x.y];
          return { ...x, ...label('x', x.x), ...label('y', x.y), leading, following, lead_buckets: Math.abs(x.lag), ...label('leading', leading), ...label('following', following) };
        });
      return {
        computed_at: latest.createdAt,
        run_id: latest.runId,
        from: p.from,
        to: p.to,
        ...(type !== 'lagged' ? { cooccurrence_settings: omit(p.cooccurrence, 'pairs'), cooccurrence: co } : {}),
        ...(type !== 'cooccurrence' ? { lagged_settings: omit(p.lagged, 'pairs'), lagged: lag } : {}),
      };
    },
  },
];
