// Model performance once labels arrive: classification or regression metrics overall and per
// segment (flagging a segment that does much worse than the rest), floors and ceilings per
// metric, and a label-free estimate (CBPE) for binary classifiers on recent unlabelled rows.
import { definePlugin, duration, z, type Finding, type ModelInfo, type PredictionColumns, type StageContext } from '../../core/plugin-api/index.ts';
import { performanceSignals } from './signals.ts';
import { performanceGauges } from './gauges.ts';
import { forEachModel } from '../../core/plugin-api/readers/each-model.ts';
import { windowId } from '../../core/plugin-api/readers/prediction-windows.ts';
import { classificationBySegment, regressionBySegment, NO_SEGMENT, type SegmentBreakdown } from '../../lib/performance/index.ts';
import { beyondNoise, countsOf, shortfallWarning } from './segment-noise.ts';
import { inferTask, outcomes, positiveLabel, type Label, type Task } from './labelled-rows.ts';
import { estimateUnlabelled, type EstimateResult } from './estimate.ts';
import { servingVersion, versionCounts } from '../../lib/versions/serving-version.ts';
import { performanceRoutes } from './routes.ts';
import { performanceCard } from './card.ts';

const configSchema = z
  .object({
    models: z.array(z.string()).optional(),
    window: duration.default(7 * 86_400_000),
    min_rows: z.number().int().positive().default(30),
    segments: z
      .object({ by: z.string().default('segment'), min_rows: z.number().int().positive().default(30), margin: z.number().nonnegative().default(0.05), relative_margin: z.number().nonnegative().default(0.25) })
      .strict()
      .prefault({}),
    min: z.record(z.string(), z.number()).default({}),
    max: z.record(z.string(), z.number()).default({}),
    estimation: z
      .object({ enabled: z.boolean().default(true), window: duration.default(86_400_000), min_rows: z.number().int().positive().default(100), max_drop: z.number().nonnegative().default(0.05) })
      .strict()
      .prefault({}),
  })
  .strict();

type Config = z.infer<typeof configSchema>;

export interface RealizedResult {
  window: { id: string; since: string; until: string; rows: number };
  /** Labelled rows per model version; the stored model version is the one that served most. */
  model_versions: Record<string, number>;
  task: Task;
  positive_label: Label | null;
  overall: Record<string, number | null>;
  segments: SegmentBreakdown<Record<string, number | null>>['segments'];
  segment_by: string;
  warnings: string[];
  breaches: { metric: string; value: number; limit: number; bound: 'min' | 'max' }[];
}

function segmentsOf(c: PredictionColumns, by: string, rows: number[]): (string | null)[] {
  const col = by === 'segment' ? c.segment : c.features[by];
  if (!col) return rows.map(() => null);
  return rows.map((i) => {
    const v = (col as ArrayLike<unknown>)[i];
    return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
  });
}

function allScores(c: PredictionColumns, rows: number[]): number[] | undefined {
  const s = rows.map((i) => c.score[i]!);
  return s.every((x) => x >= 0 && x <= 1) ? s : undefined;
}

function breachesOf(overall: Record<string, number | null>, cfg: Config): RealizedResult['breaches'] {
  const out: RealizedResult['breaches'] = [];
  for (const [metric, limit] of Object.entries(cfg.min)) {
    const v = overall[metric];
    if (typeof v === 'number' && v < limit) out.push({ metric, value: v, limit, bound: 'min' });
  }
  for (const [metric, limit] of Object.entries(cfg.max)) {
    const v = overall[metric];
    if (typeof v === 'number' && v > limit) out.push({ metric, value: v, limit, bound: 'max' });
  }
  return out;
}

/** Keeps only the segment shortfalls larger than their sampling noise (binary metrics). */
function withoutNoise(b: SegmentBreakdown<Record<string, number | null>>, segments: (string | null)[], yTrue: Label[], yPred: Label[], positive: Label, margin: number): SegmentBreakdown<Record<string, number | null>> {
  const rowsOf = new Map<string, number[]>();
  segments.forEach((s, i) => {
    const key = s ?? NO_SEGMENT;
    rowsOf.set(key, [...(rowsOf.get(key) ?? []), i]);
  });
  const kept = b.segments.map((s) => {
    const counts = countsOf(yTrue, yPred, positive, rowsOf.get(s.segment) ?? []);
    return { ...s, underperforming: s.underperforming.filter((x) => beyondNoise(x, counts, margin)) };
  });
  return { ...b, segments: kept, warnings: kept.filter((s) => s.underperforming.length > 0).map((s) => shortfallWarning(s.segment, s.count, s.underperforming)) };
}

async function performanceOf(ctx: StageContext<Config>, info: ModelInfo): Promise<void> {
  const cfg = ctx.config;
  const model = info.model;
  const settings = ctx.models[model];
  const until = ctx.now;
  const since = new Date(until.getTime() - cfg.window);
  const segFeature = cfg.segments.by !== 'segment' && info.features.some((f) => f.name === cfg.segments.by) ? [cfg.segments.by] : [];
  const c = await ctx.data.predictions(model, { since, until, labelled: true, features: segFeature });
  const o = outcomes(c);
  if (o.rows.length < cfg.min_rows) return;
  const task = inferTask(o, settings);
  const segments = segmentsOf(c, cfg.segments.by, o.rows);
  const segOpts = { minCount: cfg.segments.min_rows, margin: cfg.segments.margin, relativeMargin: cfg.segments.relative_margin };
  let positive: Label | null = null;
  let breakdown: SegmentBreakdown<Record<string, number | null>>;
  let scores: number[] | undefined;
  if (task === 'regression') {
    breakdown = regressionBySegment(segments, o.yTrue as number[], o.yPred as number[], segOpts);
  } else {
    positive = task === 'binary' ? positiveLabel(o, settings) : null;
    scores = task === 'binary' ? allScores(c, o.rows) : undefined;
    breakdown = classificationBySegment(segments, { yTrue: o.yTrue, yPred: o.yPred, scores, positive: positive ?? undefined, average: task === 'binary' ? 'binary' : 'macro' }, segOpts);
  }
  // The result keeps every shortfall; findings only those beyond the segment's sampling noise.
  const flagged = task === 'binary' ? withoutNoise(breakdown, segments, o.yTrue, o.yPred, positive!, cfg.segments.margin) : breakdown;
  const id = windowId(model, since, until, o.rows.length);
  const servedBy = versionCounts(o.rows.map((i) => c.version[i]));
  const modelVersion = servingVersion(servedBy);
  const result: RealizedResult = {
    window: { id, since: since.toISOString(), until: until.toISOString(), rows: o.rows.length },
    model_versions: Object.fromEntries(servedBy),
    task,
    positive_label: positive,
    overall: breakdown.overall,
    segments: breakdown.segments,
    segment_by: cfg.segments.by,
    warnings: breakdown.warnings,
    breaches: breachesOf(breakdown.overall, cfg),
  };
  ctx.recordInputs({ dataVersion: id, modelVersion: modelVersion ?? undefined });
  await ctx.results.save({ kind: 'performance.realized', model, payload: result, dataVersion: id, modelVersion });

  for (const b of result.breaches) {
    ctx.emit({
      kind: 'performance.threshold',
      severity: 'warning',
      summary: `model ${model}: ${b.metric} is ${b.value.toPrecision(3)}, ${b.bound === 'min' ? 'below its floor' : 'above its ceiling'} ${b.limit} (${o.rows.length} labelled predictions)`,
      labels: { model, metric: b.metric },
      details: { ...b, window: result.window },
    });
  }
  for (const s of flagged.segments.filter((x) => x.underperforming.length > 0)) {
    ctx.emit({
      kind: 'performance.segment',
      severity: 'warning',
      summary: `model ${model}: ${flagged.warnings.find((w) => w.startsWith(`segment ${s.segment} `)) ?? `segment ${s.segment} underperforms`}`,
      labels: { model, segment: s.segment },
      details: { segment: s, overall: breakdown.overall, window: result.window },
    });
  }

  if (task === 'binary' && scores && cfg.estimation.enabled) {
    const est = await estimateUnlabelled(ctx.data, model, { scores, yTrue: o.yTrue, yPred: o.yPred, positive: positive!, realized: breakdown.overall }, {
      since: new Date(until.getTime() - cfg.estimation.window),
      until,
      minRows: cfg.estimation.min_rows,
    });
    if (est) await reportEstimate(ctx, model, est);
  }
}

async function reportEstimate(ctx: StageContext<Config>, model: string, est: EstimateResult): Promise<void> {
  // The estimate covers the unlabelled rows, so its versions are theirs, not the labelled window's.
  const modelVersion = servingVersion(new Map(Object.entries(est.model_versions)));
  await ctx.results.save({ kind: 'performance.estimated', model, payload: est, dataVersion: est.window.id, modelVersion });
  const findings: Finding[] = [];
  for (const metric of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const) {
    const e = est.estimate[metric];
    const r = est.calibration.realized[metric];
    if (typeof e !== 'number') continue;
    const floor = ctx.config.min[metric];
    const dropped = typeof r === 'number' && r - e > ctx.config.estimation.max_drop;
    const below = floor !== undefined && e < floor;
    if (!dropped && !below) continue;
    findings.push({
      kind: 'performance.estimated_drop',
      severity: 'warning',
      summary: `model ${model}: estimated ${metric} ${e.toPrecision(3)} on ${est.window.rows} unlabelled predictions${dropped ? `, down from ${(r as number).toPrecision(3)} realized` : ''}${below ? `, below its floor ${floor}` : ''}`,
      labels: { model, metric },
      details: { estimated: e, realized: r, floor: floor ?? null, max_drop: ctx.config.estimation.max_drop, window: est.window },
    });
  }
  for (const f of findings) ctx.emit(f);
}

export default definePlugin({
  card: performanceCard,
  name: 'performance',
  routes: performanceRoutes,
  signals: performanceSignals,
  gauges: performanceGauges,
  description: 'Realized performance from labels (overall and per segment) and label-free estimated performance of binary classifiers',
  configSchema,
  defaultEverySeconds: 3600,
  triggers: ['labels'],
  async run(ctx) {
    await forEachModel(ctx, { only: ctx.config.models, stage: 'performance', couldNot: 'performance could not be computed' }, (info) => performanceOf(ctx, info));
  },
});
