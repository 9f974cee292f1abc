// How likely a failure is within a horizon after each precursor pattern, learned from the stored
// history as a Beta posterior (lib/failure precursorRisk), with a finding when a precursor was
// just seen and the risk after it is high.
import { definePlugin, duration, z } from '../../core/plugin-api/index.ts';
import { precursorRisk } from '../../lib/failure/precursor-risk.ts';
import { readHistory } from './history.ts';
import { failureRiskRoutes } from './routes.ts';

const severity = z.enum(['info', 'warning', 'critical']);

const configSchema = z
  .object({
    lookback: duration.default(7 * 86_400_000),
    horizon: duration.default(1_800_000),
    bucket: duration.default(300_000),
    exclude_stages: z.array(z.string()).default(['incidents', 'correlation', 'failure-prediction']),
    failure: z
      .object({
        severities: z.array(severity).default(['critical']),
        kinds: z.array(z.string()).default([]),
        log_levels: z.array(z.string()).default(['error', 'fatal', 'critical']),
        log_burst_min: z.number().int().positive().default(10),
        log_burst_factor: z.number().nonnegative().default(3),
      })
      .strict()
      .prefault({}),
    precursors: z
      .object({
        findings: z.boolean().default(true),
        templates: z.boolean().default(true),
        burst_min: z.number().int().positive().default(5),
        burst_factor: z.number().nonnegative().default(3),
      })
      .strict()
      .prefault({}),
    prior: z.object({ alpha: z.number().positive(), beta: z.number().positive() }).strict().default({ alpha: 1, beta: 1 }),
    credibility: z.number().gt(0).lt(1).default(0.9),
    threshold: z.number().min(0).max(1).default(0.5),
    decide_on: z.enum(['mean', 'lower']).default('lower'),
    min_trials: z.number().int().positive().default(3),
    min_lift: z.number().nonnegative().default(1.5),
    severity: severity.default('warning'),
  })
  .strict();

export interface PatternRisk {
  pattern: string;
  occurrences: number;
  last_seen: string;
  /** A precursor seen within the last horizon: its risk is live now. */
  active: boolean;
  trials: number;
  failures: number;
  probability: number;
  interval: [number, number];
  posterior: { alpha: number; beta: number };
  baseline: { probability: number; interval: [number, number]; trials: number; failures: number };
  lift: number;
  high: boolean;
}

export default definePlugin({
  name: 'failure-prediction',
  routes: failureRiskRoutes,
  description: 'Probability of a failure within a horizon after precursor patterns (Beta posterior), with findings when it is high',
  configSchema,
  defaultEverySeconds: 300,
  timeoutMs: 120_000,
  async run(ctx) {
    const c = ctx.config;
    const now = ctx.now.getTime();
    const to = Math.floor(now / c.bucket) * c.bucket + c.bucket;
    const from = to - Math.ceil(c.lookback / c.bucket) * c.bucket;
    const history = await readHistory(ctx.data, { from, to, bucket: c.bucket, repeatGap: c.horizon, excludeStages: c.exclude_stages, failure: c.failure, precursors: c.precursors });

    const patterns: PatternRisk[] = [];
    for (const [pattern, times] of history.precursors) {
      // The span is judged up to now: horizons still running are not yet known either way.
      const r = precursorRisk({ precursors: times, failures: history.failures, from, to: now + 1 }, { horizon: c.horizon, prior: c.prior, credibility: c.credibility, threshold: c.threshold, decideOn: c.decide_on });
      const last = times[times.length - 1]!;
      const a = r.afterPrecursor;
      patterns.push({
        pattern,
        occurrences: times.length,
        last_seen: new Date(last).toISOString(),
        active: now - last <= c.horizon,
        trials: a.trials,
        failures: a.failures,
        probability: a.mean,
        interval: [a.lower, a.upper],
        posterior: { alpha: a.alpha, beta: a.beta },
        baseline: { probability: r.baseline.mean, interval: [r.baseline.lower, r.baseline.upper], trials: r.baseline.trials, failures: r.baseline.failures },
        lift: r.lift,
        high: r.high && a.trials >= c.min_trials && r.lift >= c.min_lift,
      });
    }
    patterns.sort((x, y) => Number(y.high) - Number(x.high) || y.probability - x.probability || x.pattern.localeCompare(y.pattern));

    await ctx.results.save({
      kind: 'failure_risk',
      dataVersion: `window:${from}-${now}`,
      payload: {
        from: new Date(from).toISOString(),
        to: new Date(now).toISOString(),
        horizon_ms: c.horizon,
        credibility: c.credibility,
        threshold: c.threshold,
        decide_on: c.decide_on,
        failures: history.failures.length,
        failure_sources: history.failureSources,
        patterns,
      },
    });

    // One finding per precursor occurrence: a pattern already reported for this sighting stays quiet.
    const reported = (await ctx.state.get<Record<string, number>>('reported')) ?? {};
    for (const p of patterns) {
      const last = Date.parse(p.last_seen);
      if (!p.high || !p.active || reported[p.pattern] === last) continue;
      reported[p.pattern] = last;
      const pct = (x: number) => `${Math.round(x * 100)}%`;
      ctx.emit({
        kind: 'failure-prediction.high_risk',
        severity: c.severity,
        summary: `after ${p.pattern} (seen ${p.last_seen}), a failure followed within ${Math.round(c.horizon / 60_000)} min in ${p.failures} of ${p.trials} cases: risk ${pct(p.probability)} (${pct(c.credibility)} interval ${pct(p.interval[0])}–${pct(p.interval[1])}, base rate ${pct(p.baseline.probability)})`,
        labels: { pattern: p.pattern },
        details: { ...p, horizon_ms: c.horizon },
      });
    }
    await ctx.state.set('reported', reported);
  },
});
