// Log anomalies over the templates mined at ingest: templates never seen before, rare templates
// coming back, per-template volume per time bucket against a robust baseline (median/MAD with a
// Poisson guard), and spikes in the rate of error-level lines per source.
import { definePlugin, duration, z, type StageContext, type TemplateInfo } from '../../core/plugin-api/index.ts';
import { detectVolumeAnomalies } from '../../lib/anomaly/volume-anomaly.ts';
import { detectRateSpikes } from '../../lib/anomaly/rate-spike.ts';

const configSchema = z
  .object({
    bucket: duration.default(60_000),
    history: z.number().int().min(3).max(10_000).default(60),
    min_history: z.number().int().min(1).default(10),
    new_templates: z.boolean().default(true),
    warmup: duration.default(600_000),
    max_new_per_run: z.number().int().min(1).default(20),
    rare_count: z.number().int().min(0).default(3),
    volume: z
      .object({
        threshold: z.number().positive().default(4),
        alpha: z.number().gt(0).lt(1).default(1e-4),
        min_rate: z.number().positive().default(0.5),
        max_templates: z.number().int().min(1).default(200),
      })
      .strict()
      .default({ threshold: 4, alpha: 1e-4, min_rate: 0.5, max_templates: 200 }),
    errors: z
      .object({
        levels: z.array(z.string().min(1)).min(1).default(['error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'panic']),
        threshold: z.number().positive().default(5),
        min_ratio: z.number().min(1).default(3),
        min_rate: z.number().min(0).default(5),
      })
      .strict()
      .default({ levels: ['error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'panic'], threshold: 5, min_ratio: 3, min_rate: 5 }),
  })
  .strict()
  .refine((c) => c.min_history <= c.history, { message: 'min_history must not exceed history', path: ['min_history'] });

type Config = z.infer<typeof configSchema>;

interface State {
  /** Highest log seq seen by the previous run: rare templates are those seen again after it. */
  seq: number;
  /** Highest first_seq of a template already considered for "new". */
  templateSeq: number;
  /** Anomalies already reported, by key, with their bucket start (pruned as they age out). */
  reported: Record<string, number>;
}

const firstExample = (t: TemplateInfo) => t.examples[0] ?? null;

export default definePlugin<Config>({
  name: 'log-anomaly',
  description: 'New and rare log templates, per-template volume anomalies and error-rate spikes',
  configSchema: configSchema as unknown as z.ZodType<Config>,
  defaultEverySeconds: 60,
  async run(ctx) {
    const c = ctx.config;
    const prev = ((await ctx.state.get<State>('cursor')) ?? { seq: 0, templateSeq: 0, reported: {} }) as State;
    const extent = await ctx.data.logExtent();
    const maxSeq = extent.maxSeq;
    const end = Math.floor(ctx.now.getTime() / c.bucket) * c.bucket;
    const start = end - (c.history + 10) * c.bucket;
    const reported = Object.fromEntries(Object.entries(prev.reported).filter(([, b]) => b >= start));
    const anomalies: Record<string, unknown>[] = [];
    const report = (key: string, bucket: number) => {
      if (key in reported) return false;
      reported[key] = bucket;
      return true;
    };

    const fresh = new Set<string>();
    let templateSeq = prev.templateSeq;
    if (c.new_templates) {
      const rows = await ctx.data.templates({ firstSeqAbove: prev.templateSeq, limit: 10_000 });
      const warmEnd = extent.firstTs !== null ? extent.firstTs + c.warmup : Infinity;
      const news = rows.filter((r) => r.firstSeen.getTime() >= warmEnd);
      for (const r of rows) templateSeq = Math.max(templateSeq, r.firstSeq);
      news.slice(0, c.max_new_per_run).forEach((r) => {
        fresh.add(r.id);
        const example = firstExample(r);
        const source = r.firstSource;
        anomalies.push({ type: 'new_template', template_id: r.id, source, ts: r.firstSeen, count: r.count });
        ctx.emit({
          kind: 'logs.new_template',
          severity: 'info',
          summary: `new log template${source ? ` from ${source}` : ''}: ${r.template.slice(0, 160)}`,
          labels: { template_id: r.id, ...(source ? { source } : {}) },
          details: { template: r.template, example, first_seen: r.firstSeen, count: r.count },
        });
      });
      if (news.length > c.max_new_per_run) {
        ctx.emit({
          kind: 'logs.new_templates',
          severity: 'warning',
          summary: `${news.length} new log templates since the last run (${c.max_new_per_run} reported one by one)`,
          details: { count: news.length, template_ids: news.map((r) => r.id).slice(0, 200) },
        });
      }
    }

    if (prev.seq > 0) {
      const rare = await ctx.data.templates({ maxCount: c.rare_count, lastSeqAbove: prev.seq, firstSeqAtMost: prev.seq, limit: 100 });
      for (const r of rare) {
        if (fresh.has(r.id)) continue;
        anomalies.push({ type: 'rare_template', template_id: r.id, ts: r.lastSeen, count: r.count });
        ctx.emit({
          kind: 'logs.rare_template',
          severity: 'info',
          summary: `rare log template seen again (${r.count} lines ever): ${r.template.slice(0, 160)}`,
          labels: { template_id: r.id },
          details: { template: r.template, example: firstExample(r), count: r.count, first_seen: r.firstSeen, last_seen: r.lastSeen },
        });
      }
    }

    await volumeAnomalies(ctx, start, end, fresh, report, anomalies);
    await errorSpikes(ctx, start, end, report, anomalies);

    await ctx.results.save({ kind: 'log-anomalies', payload: { from: new Date(start), to: new Date(end), bucket_ms: c.bucket, anomalies } });
    await ctx.state.set<State>('cursor', { seq: Math.max(prev.seq, maxSeq), templateSeq, reported });
  },
});

type Report = (key: string, bucket: number) => boolean;

async function volumeAnomalies(ctx: StageContext<Config>, start: number, end: number, fresh: Set<string>, report: Report, out: Record<string, unknown>[]): Promise<void> {
  const c = ctx.config;
  const nb = Math.round((end - start) / c.bucket);
  const rows = await ctx.data.logCounts({ from: start, to: end, step: c.bucket, by: 'template', survivors: true });
  const series = new Map<string, { counts: Float64Array; total: number; sources: Set<string> }>();
  for (const r of rows) {
    const tid = r.key!;
    let s = series.get(tid);
    if (!s) series.set(tid, (s = { counts: new Float64Array(nb), total: 0, sources: new Set() }));
    const i = r.i;
    if (i < 0 || i >= nb) continue;
    s.counts[i] += Number(r.n);
    s.total += Number(r.n);
    if (Number(r.sources) > 1) s.sources.add('*');
    else if (r.source !== null) s.sources.add(r.source);
  }
  const top = [...series.entries()].sort((a, b) => b[1].total - a[1].total).slice(0, c.volume.max_templates);
  const born = await ctx.data.templatesFirstSeen(top.map(([tid]) => tid));
  for (const [tid, s] of top) {
    // Buckets from before a template's first line are no history of it: a template that appeared
    // a minute ago is judged only once it has `min_history` buckets of its own.
    unknownBefore(s.counts, born.get(tid), start, c.bucket);
    const found = detectVolumeAnomalies(s.counts, { window: c.history, minHistory: c.min_history, threshold: c.volume.threshold, alpha: c.volume.alpha, minRate: c.volume.min_rate });
    for (const a of found) {
      if (fresh.has(tid) && a.direction === 'up') continue;
      const bucket = start + a.index * c.bucket;
      if (!report(`volume|${tid}|${bucket}`, bucket)) continue;
      const t = (await ctx.data.templates({ ids: [tid], limit: 1 }))[0];
      const source = s.sources.size === 1 && !s.sources.has('*') ? [...s.sources][0]! : null;
      out.push({ type: 'volume', template_id: tid, source, bucket_start: new Date(bucket), observed: a.observed, expected: a.expected, score: a.score, p_value: a.pValue, direction: a.direction });
      ctx.emit({
        kind: 'logs.volume',
        severity: 'warning',
        summary: `log template ${a.direction === 'up' ? 'surged' : 'dropped'} to ${a.observed} lines in the bucket at ${new Date(bucket).toISOString()} (expected about ${a.expected}): ${(t?.template ?? tid).slice(0, 120)}`,
        labels: { template_id: tid, ...(source ? { source } : {}) },
        details: { template: t?.template ?? null, example: t ? firstExample(t) : null, bucket_start: new Date(bucket), bucket_ms: c.bucket, observed: a.observed, expected: a.expected, score: a.score, p_value: a.pValue, lower: a.lower, upper: a.upper },
      });
    }
  }
}

async function errorSpikes(ctx: StageContext<Config>, start: number, end: number, report: Report, out: Record<string, unknown>[]): Promise<void> {
  const c = ctx.config;
  const nb = Math.round((end - start) / c.bucket);
  const levels = c.errors.levels.map((l) => l.toLowerCase());
  const rows = await ctx.data.logCounts({ from: start, to: end, step: c.bucket, by: 'source', levels });
  const bySource = new Map<string | null, Float64Array>();
  for (const r of rows) {
    let s = bySource.get(r.key);
    if (!s) bySource.set(r.key, (s = new Float64Array(nb)));
    const i = r.i;
    if (i >= 0 && i < nb) s[i] += Number(r.n);
  }
  // Before the first log line stored, no errors is not a calm baseline but no data at all.
  const firstLog = bySource.size ? (await ctx.data.logExtent()).firstTs : null;
  for (const [source, counts] of bySource) {
    unknownBefore(counts, firstLog ?? undefined, start, c.bucket);
    const spikes = detectRateSpikes(counts, { window: c.history, minHistory: c.min_history, threshold: c.errors.threshold, minRatio: c.errors.min_ratio, minRate: c.errors.min_rate });
    for (const a of spikes) {
      // One finding per episode, at its first bucket.
      if (a.index !== a.episodeStart) continue;
      const bucket = start + a.index * c.bucket;
      if (!report(`errors|${source ?? ''}|${bucket}`, bucket)) continue;
      const peak = spikes.filter((s) => s.episodeStart === a.episodeStart).reduce((m, s) => Math.max(m, s.observed), 0);
      out.push({ type: 'error_spike', source, bucket_start: new Date(bucket), observed: a.observed, expected: a.expected, peak, ratio: a.ratio, score: a.score });
      ctx.emit({
        kind: 'logs.error_spike',
        severity: 'warning',
        summary: `error-level log lines${source ? ` from ${source}` : ''} spiked to ${a.observed} per bucket at ${new Date(bucket).toISOString()} (baseline ${a.expected})`,
        labels: source ? { source } : {},
        details: { bucket_start: new Date(bucket), bucket_ms: c.bucket, observed: a.observed, expected: a.expected, peak, ratio: Number.isFinite(a.ratio) ? a.ratio : null, score: a.score, levels },
      });
    }
  }
}

/** Marks the buckets that ended before `firstMs` as unknown (NaN), which the detectors skip. */
function unknownBefore(counts: Float64Array, firstMs: number | undefined, start: number, bucket: number): void {
  if (firstMs === undefined || !Number.isFinite(firstMs)) return;
  const first = Math.min(counts.length, Math.floor((firstMs - start) / bucket));
  for (let i = 0; i < first; i++) counts[i] = NaN;
}
