// Metric anomalies per series (name + label set), on per-bucket means: a robust z-score, EWMA
// chart or seasonal baseline for every series; request-rate spikes (the denial-of-service case)
// for series whose names look like rates; level shifts for series that look like latencies.
import { definePlugin, duration, z } from '../../core/plugin-api/index.ts';
import { detectRobustZ } from '../../lib/anomaly/robust-zscore.ts';
import { detectEwma } from '../../lib/anomaly/ewma-chart.ts';
import { detectSeasonal } from '../../lib/anomaly/seasonal-baseline.ts';
import { detectRateSpikes } from '../../lib/anomaly/rate-spike.ts';
import { detectLevelShifts } from '../../lib/anomaly/level-shift.ts';
import type { ScoredAnomaly } from '../../lib/anomaly/scored-anomaly.ts';

const regexList = z.array(
  z.string().refine((s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression'),
);

const configSchema = z
  .object({
    bucket: duration.default(60_000),
    history: z.number().int().min(3).max(10_000).default(60),
    min_history: z.number().int().min(1).default(10),
    method: z.enum(['robust-z', 'ewma', 'seasonal']).default('robust-z'),
    threshold: z.number().positive().default(3.5),
    ewma_lambda: z.number().gt(0).max(1).default(0.2),
    seasonal_period: duration.default(86_400_000),
    seasonal_seasons: z.number().int().min(1).default(7),
    rate_patterns: regexList.default(['rate', 'rps', 'qps', 'requests', 'throughput']),
    latency_patterns: regexList.default(['latency', 'duration', 'response_time']),
    rate_spike: z
      .object({ threshold: z.number().positive().default(5), min_ratio: z.number().min(1).default(3) })
      .strict()
      .default({ threshold: 5, min_ratio: 3 }),
    level_shift: z
      .object({ window: z.number().int().min(3).default(10), threshold: z.number().positive().default(5), min_relative_shift: z.number().min(0).default(0.2) })
      .strict()
      .default({ window: 10, threshold: 5, min_relative_shift: 0.2 }),
    max_series: z.number().int().min(1).default(500),
  })
  .strict()
  .refine((c) => c.min_history <= c.history, { message: 'min_history must not exceed history', path: ['min_history'] });

type Config = z.infer<typeof configSchema>;

interface Series {
  name: string;
  labels: Record<string, string>;
  key: string;
  values: Float64Array;
}

/** `name{a="1",b="2"}` with labels sorted: one identity per series whatever the ingest order. */
function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return keys.length ? `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}` : name;
}

export default definePlugin<Config>({
  name: 'metric-anomaly',
  description: 'Robust z / EWMA / seasonal anomalies per metric series, request-rate spikes and latency level shifts',
  configSchema: configSchema as unknown as z.ZodType<Config>,
  defaultEverySeconds: 60,
  triggers: ['metrics'],
  async run(ctx) {
    const c = ctx.config;
    const end = Math.floor(ctx.now.getTime() / c.bucket) * c.bucket;
    const span = c.method === 'seasonal' ? (c.seasonal_seasons + 1) * c.seasonal_period : (c.history + 2 * c.level_shift.window + 10) * c.bucket;
    const start = end - Math.ceil(span / c.bucket) * c.bucket;
    const nb = Math.round((end - start) / c.bucket);
    const rows = await ctx.data.metricBuckets({ from: start, to: end, step: c.bucket });
    const series = new Map<string, Series>();
    for (const r of rows) {
      const key = seriesKey(r.name, r.labels);
      let s = series.get(key);
      if (!s) series.set(key, (s = { name: r.name, labels: r.labels, key, values: new Float64Array(nb).fill(NaN) }));
      const i = r.i;
      if (i >= 0 && i < nb) s.values[i] = r.v;
    }
    const prev = (await ctx.state.get<Record<string, number>>('reported')) ?? {};
    const reported = Object.fromEntries(Object.entries(prev).filter(([, b]) => b >= start));
    const rateRe = c.rate_patterns.map((p) => new RegExp(p, 'i'));
    const latencyRe = c.latency_patterns.map((p) => new RegExp(p, 'i'));
    const ts = Float64Array.from({ length: nb }, (_, i) => start + i * c.bucket);
    const results: Record<string, unknown>[] = [];

    for (const s of [...series.values()].slice(0, c.max_series)) {
      if (ctx.signal.aborted) break;
      const covered = new Set<number>();
      /** `nearMs`: the same kind of change in the same direction within this span is the same one. */
      const emit = (kind: string, severity: 'info' | 'warning' | 'critical', a: ScoredAnomaly, summary: string, extra: Record<string, unknown> = {}, nearMs = 0) => {
        const bucket = start + a.index * c.bucket;
        const key = `${kind}|${s.key}|${bucket}`;
        covered.add(a.index);
        results.push({ kind, series: s.key, name: s.name, labels: s.labels, bucket_start: new Date(bucket), observed: a.observed, expected: a.expected, score: a.score, method: a.method, ...extra });
        const episode = `${kind}|${s.key}|${a.direction}`;
        if (key in reported || (nearMs > 0 && nearReported(reported, episode, bucket, nearMs))) return;
        reported[key] = bucket;
        if (nearMs > 0) reported[`${episode}|${bucket}`] = bucket;
        ctx.emit({
          kind,
          severity,
          summary,
          labels: { metric: s.name, series: s.key },
          details: { labels: s.labels, bucket_start: new Date(bucket), bucket_ms: c.bucket, observed: a.observed, expected: a.expected, score: a.score, lower: a.lower, upper: a.upper, method: a.method, ...extra },
        });
      };
      if (rateRe.some((re) => re.test(s.name))) {
        const spikes = detectRateSpikes(s.values, { window: c.history, minHistory: c.min_history, threshold: c.rate_spike.threshold, minRatio: c.rate_spike.min_ratio });
        for (const a of spikes) {
          covered.add(a.index);
          if (a.index !== a.episodeStart) continue;
          emit('metrics.rate_spike', 'critical', a, `request rate ${s.key} spiked to ${fmt(a.observed)} (${fmt(a.ratio)}× the baseline ${fmt(a.expected)}): possible denial of service`, { ratio: Number.isFinite(a.ratio) ? a.ratio : null });
        }
      }
      if (latencyRe.some((re) => re.test(s.name))) {
        for (const a of detectLevelShifts(s.values, { window: c.level_shift.window, threshold: c.level_shift.threshold, minRelativeShift: c.level_shift.min_relative_shift })) {
          // The change point is placed more precisely as points arrive after it: the same shift
          // seen again a bucket or two away is not a new one.
          emit('metrics.level_shift', 'warning', a, `latency ${s.key} shifted ${a.direction} from ${fmt(a.before)} to ${fmt(a.after)}`, { before: a.before, after: a.after }, c.level_shift.window * c.bucket);
          for (let i = a.index; i < Math.min(nb, a.index + c.level_shift.window); i++) covered.add(i);
        }
      }
      for (const a of baseline(c, ts, s.values)) {
        if (covered.has(a.index)) continue;
        emit('metrics.anomaly', 'warning', a, `metric ${s.key} was ${fmt(a.observed)}, expected about ${fmt(a.expected)} (${a.method} score ${fmt(a.score)})`);
      }
    }
    await ctx.results.save({ kind: 'metric-anomalies', payload: { from: new Date(start), to: new Date(end), bucket_ms: c.bucket, series: series.size, anomalies: results } });
    await ctx.state.set('reported', reported);
  },
});

function baseline(c: Config, ts: Float64Array, values: Float64Array): ScoredAnomaly[] {
  switch (c.method) {
    case 'robust-z':
      return detectRobustZ(values, { window: c.history, minHistory: c.min_history, threshold: c.threshold });
    case 'ewma':
      return detectEwma(values, { warmup: c.history, lambda: c.ewma_lambda, width: c.threshold });
    case 'seasonal': {
      const keep = Array.from(values, (v, i) => i).filter((i) => !Number.isNaN(values[i]));
      const found = detectSeasonal(keep.map((i) => ts[i]!), keep.map((i) => values[i]!), { periodMs: c.seasonal_period, bucketMs: c.bucket, seasons: c.seasonal_seasons, minHistory: Math.min(c.min_history, c.seasonal_seasons), threshold: c.threshold });
      return found.map((a) => ({ ...a, index: keep[a.index]! }));
    }
  }
}

/** Whether a shift of this series in this direction was reported within `span` ms of `bucket`. */
function nearReported(reported: Record<string, number>, prefix: string, bucket: number, span: number): boolean {
  return Object.entries(reported).some(([k, b]) => k.startsWith(`${prefix}|`) && Math.abs(b - bucket) < span);
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : String(x));
