// Which patterns happen together: co-occurrence of event kinds (finding kinds, log templates,
// alerts) within fixed windows, kept when a one-sided Fisher test says it is unlikely by chance,
// and lagged correlation between bucketed metric series and per-template log counts, kept when
// it is strong and significant after a Bonferroni correction over every pair and lag tried.
import { definePlugin, duration, z, type DataReader } from '../../core/plugin-api/index.ts';
import { cooccurrence, type TimedEvent } from '../../lib/correlate/cooccurrence.ts';
import { laggedCorrelation } from '../../lib/correlate/lagged-correlation.ts';
import { readFindings } from '../../core/plugin-api/readers/event-reads.ts';
import { readSeriesGrid, templateTexts } from '../../core/plugin-api/readers/series-reads.ts';
import { readTemplateWindows } from './template-windows.ts';
import { correlationRoutes } from './routes.ts';

const configSchema = z
  .object({
    lookback: duration.default(7 * 86_400_000),
    exclude_stages: z.array(z.string()).default(['incidents', 'correlation', 'failure-prediction']),
    cooccurrence: z
      .object({
        window: duration.default(300_000),
        min_count: z.number().int().positive().default(3),
        alpha: z.number().gt(0).lt(1).default(0.01),
        findings: z.boolean().default(true),
        templates: z.boolean().default(true),
        /** Accepted for configs written for earlier releases: alerts are made from findings, which are read already. */
        alerts: z.boolean().optional(),
        max_templates: z.number().int().positive().default(300),
        max_pairs: z.number().int().positive().default(500),
      })
      .strict()
      .prefault({}),
    lagged: z
      .object({
        lookback: duration.default(86_400_000),
        bucket: duration.default(60_000),
        max_lag: z.number().int().nonnegative().default(10),
        method: z.enum(['pearson', 'spearman']).default('pearson'),
        min_abs_r: z.number().min(0).max(1).default(0.5),
        alpha: z.number().gt(0).lt(1).default(0.01),
        correction: z.enum(['bonferroni', 'none']).default('bonferroni'),
        min_pairs: z.number().int().min(3).default(10),
        max_series: z.number().int().min(2).default(50),
        templates: z.boolean().default(true),
        max_pairs: z.number().int().positive().default(500),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export interface CooccurrencePair {
  a: string;
  b: string;
  both: number;
  count_a: number;
  count_b: number;
  windows: number;
  support: number;
  confidence_ab: number;
  confidence_ba: number;
  lift: number;
  jaccard: number;
  p_value: number;
}

/** What one run stores (`correlations`), as the /v1/correlations route serves it. */
export interface CorrelationResult {
  from: string;
  to: string;
  cooccurrence: { window_ms: number; windows: number; events: number; kinds: number; alpha: number; pairs: CooccurrencePair[] };
  lagged: { from: string; bucket_ms: number; max_lag: number; method: string; series: number; tests: number; correction: string; alpha: number; min_abs_r: number; pairs: LaggedPair[] };
  /** The text of every log template named in a pair, by its `log.template:<id>` key (absent in results stored by earlier releases). */
  templates?: Record<string, string>;
}

export interface LaggedPair {
  x: string;
  y: string;
  /** y follows x by this many buckets (negative: y leads). */
  lag: number;
  lag_ms: number;
  leader: string;
  r: number;
  p_value: number;
  adjusted_p_value: number;
  n: number;
}

export default definePlugin({
  name: 'correlation',
  description: 'Co-occurrence of event kinds and lagged correlation between metric and log-count series',
  configSchema,
  defaultEverySeconds: 900,
  timeoutMs: 300_000,
  routes: correlationRoutes,
  async run(ctx) {
    const c = ctx.config;
    const now = ctx.now.getTime();

    // Windows and buckets before anything was stored are not quiet, they are missing: counted as
    // zeros they would make every pair of recent patterns look related (both absent, then both present).
    const firstData = await ctx.data.firstEventAt();
    const co = c.cooccurrence;
    const from = Math.floor(Math.max(now - c.lookback, firstData ?? -Infinity) / co.window) * co.window;
    const to = Math.floor(now / co.window) * co.window + co.window;
    const events: TimedEvent[] = [];
    const q = { since: from, until: to, excludeStages: c.exclude_stages };
    if (co.findings) for (const e of await readFindings(ctx.data, q)) events.push({ ts: e.ts, kind: e.kind });
    if (co.templates) events.push(...(await readTemplateWindows(ctx.data, { from, to, window: co.window, minWindows: co.min_count, maxTemplates: co.max_templates })));
    const pairs = cooccurrence(events, { window: co.window, from, to, minCount: co.min_count, alpha: co.alpha }).slice(0, co.max_pairs);

    const lg = c.lagged;
    const lagFrom = Math.floor(Math.max(now - lg.lookback, firstData ?? -Infinity) / lg.bucket) * lg.bucket;
    const grid = await readSeriesGrid(ctx.data, { from: lagFrom, to: Math.floor(now / lg.bucket) * lg.bucket + lg.bucket, step: lg.bucket, maxSeries: lg.max_series, templates: lg.templates });
    const names = [...grid.series.keys()].filter((k) => varies(grid.series.get(k)!)).slice(0, lg.max_series);
    const candidates: Omit<LaggedPair, 'adjusted_p_value'>[] = [];
    let tests = 0;
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        if (ctx.signal.aborted) throw new Error('correlation run aborted');
        const x = names[i]!;
        const y = names[j]!;
        const res = laggedCorrelation(grid.series.get(x)!, grid.series.get(y)!, { maxLag: lg.max_lag, method: lg.method, minPairs: lg.min_pairs });
        tests += res.byLag.length;
        const b = res.best;
        if (!b || !Number.isFinite(b.pValue) || Math.abs(b.r) < lg.min_abs_r) continue;
        candidates.push({ x, y, lag: b.lag, lag_ms: b.lag * lg.bucket, leader: b.lag > 0 ? x : b.lag < 0 ? y : '(same bucket)', r: b.r, p_value: b.pValue, n: b.n });
      }
    }
    const factor = lg.correction === 'bonferroni' ? Math.max(1, tests) : 1;
    const lagged = candidates
      .map((p) => ({ ...p, adjusted_p_value: Math.min(1, p.p_value * factor) }))
      .filter((p) => p.adjusted_p_value <= lg.alpha)
      .sort((a, b) => a.adjusted_p_value - b.adjusted_p_value || Math.abs(b.r) - Math.abs(a.r))
      .slice(0, lg.max_pairs);

    const payload: CorrelationResult = {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        cooccurrence: {
          window_ms: co.window,
          windows: Math.round((to - from) / co.window),
          events: events.length,
          kinds: new Set(events.map((e) => e.kind)).size,
          alpha: co.alpha,
          pairs: pairs.map((p) => ({ a: p.a, b: p.b, both: p.both, count_a: p.countA, count_b: p.countB, windows: p.windows, support: p.support, confidence_ab: p.confidenceAB, confidence_ba: p.confidenceBA, lift: p.lift, jaccard: p.jaccard, p_value: p.pValue })),
        },
        lagged: { from: new Date(lagFrom).toISOString(), bucket_ms: lg.bucket, max_lag: lg.max_lag, method: lg.method, series: names.length, tests, correction: lg.correction, alpha: lg.alpha, min_abs_r: lg.min_abs_r, pairs: lagged },
        templates: Object.fromEntries(await templateTexts(ctx.data, [...pairs.flatMap((p) => [p.a, p.b]), ...lagged.flatMap((p) => [p.x, p.y])])),
    };
    await ctx.results.save({ kind: 'correlations', dataVersion: `window:${from}-${to}`, payload });
    ctx.log.debug('correlations computed', { events: events.length, cooccurrences: pairs.length, lagged: lagged.length });
  },
});

/** A series with fewer than two distinct finite values has no correlation to find. */
function varies(xs: Float64Array): boolean {
  let first = NaN;
  for (const v of xs) {
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return true;
  }
  return false;
}
