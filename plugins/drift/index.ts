// Drift of each model's inputs and outputs between a reference and its current window: feature
// drift as the SPEC §5 report (lib/drift), prediction and score drift, per-segment drift,
// multivariate drift by PCA reconstruction, and streaming detectors on the error or score
// stream. Every result records the data versions compared, the model version and the config.
import { distributionOf, type Distribution } from '../../lib/drift/distribution.ts';
import type { ColumnProfile } from '../../lib/drift/profile.ts';
import { definePlugin, duration, z, type ModelInfo, type StageContext } from '../../core/plugin-api/index.ts';
import { driftSignals } from './signals.ts';
import { driftGauges } from './gauges.ts';
import { driftRoutes } from './routes.ts';
import { forEachModel } from '../../core/plugin-api/readers/each-model.ts';
import { buildDriftReport, DEFAULT_DATASET_DRIFT_SHARE, type ColumnReport, type DriftOptions, type DriftReport } from '../../lib/drift/report.ts';
import { windowSide, type ReferenceSettings, type Side, type Values } from './datasets.ts';
import { profiledReference, referenceIdentity, referencePca } from './reference-profiles.ts';
import { datasetFinding, featureFindings, predictionFinding, topContributors, type Versions } from './explain.ts';
import { applyLearnedThresholds } from './learned-thresholds.ts';
import { multivariateDrift, type MultivariateDrift } from './multivariate.ts';
import { segmentDrift, type SegmentDrift } from './segment-drift.ts';
import { servingVersion, versionCounts } from '../../lib/versions/serving-version.ts';
import { runDetector, type DetectorOutcome } from './streaming.ts';
import { driftCard } from './card.ts';

const isoDate = z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: 'must be an ISO-8601 time' });

const configSchema = z
  .object({
    models: z.array(z.string()).optional(),
    reference: z
      .object({ snapshot: z.string().optional(), since: isoDate.optional(), until: isoDate.optional(), first_rows: z.number().int().positive().default(1000) })
      .strict()
      .prefault({}),
    window: duration.default(3_600_000),
    window_rows: z.number().int().positive().optional(),
    min_rows: z.number().int().positive().default(30),
    columns: z.array(z.string()).optional(),
    methods: z.record(z.string(), z.string()).default({}),
    thresholds: z.record(z.string(), z.number()).default({}),
    correction: z.enum(['none', 'bonferroni', 'benjamini_hochberg']).default('none'),
    dataset_drift_share: z.number().min(0).max(1).default(DEFAULT_DATASET_DRIFT_SHARE),
    large_sample_size: z.number().int().positive().default(100_000),
    threshold_mode: z.enum(['fixed', 'learned']).default('fixed'),
    learned: z
      .object({ chunk_size: z.number().int().positive().optional(), max_chunks: z.number().int().min(2).default(20), k: z.number().positive().default(3) })
      .strict()
      .prefault({}),
    prediction_drift: z.boolean().default(true),
    prediction_column: z.string().default('prediction'),
    score_column: z.string().default('score'),
    segment_column: z.string().default('segment'),
    segments: z.object({ by: z.string().optional(), min_rows: z.number().int().positive().default(50) }).strict().prefault({}),
    multivariate: z
      .object({ enabled: z.boolean().default(true), variance_share: z.number().gt(0).max(1).default(0.65), chunk_size: z.number().int().positive().default(500), k: z.number().positive().default(3) })
      .strict()
      .prefault({}),
    detectors: z
      .array(z.object({ kind: z.enum(['page_hinkley', 'adwin', 'ddm']), stream: z.enum(['auto', 'error', 'score']).default('auto'), options: z.record(z.string(), z.unknown()).default({}) }).strict())
      .default([]),
    feature_findings: z.boolean().default(true),
  })
  .strict();

export type DriftConfig = z.infer<typeof configSchema>;

export interface DriftResult {
  window: { id: string; since: string | null; until: string | null; rows: number };
  reference: { source: Side['source']; version: string; name: string | null; rows: number; since: string | null; until: string | null; from_profile: boolean };
  /** The version that served most of the window's rows. */
  model_version: string | null;
  /** Rows per model version in the window; several when versions are served side by side. */
  model_versions: Record<string, number>;
  threshold_mode: 'fixed' | 'learned';
  report: DriftReport;
  /** Reference against current per compared column, for charts (the model card). */
  distributions: Record<string, Distribution>;
  /** The report's verdict at the top, for readers of many results (retraining policies, the model card). */
  dataset_drift: boolean;
  share_drifted: number;
  columns: { name: string; drift: boolean }[];
  learned_thresholds: Record<string, unknown> | null;
  top_features: ReturnType<typeof topContributors>;
  prediction: ColumnReport | null;
  score: ColumnReport | null;
  segments: SegmentDrift[] | { error: string } | null;
  multivariate: MultivariateDrift | { error: string } | null;
  detectors: (DetectorOutcome | { detector: string; error: string })[];
}

function only<T>(o: Record<string, T>, keys: string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
}

function oneColumn(name: string, ref: Values | ColumnProfile, cur: Values, refRows: number, curRows: number, v: Versions, large: number): ColumnReport {
  return buildDriftReport({ rows: refRows, version: v.reference, columns: { [name]: ref } }, { rows: curRows, version: v.current, columns: { [name]: cur } }, { largeSampleSize: large }).columns[0]!;
}

/** The drift window never looks at ids, attributes or labels. */
const windowSkips: ('id' | 'attributes' | 'labels')[] = ['id', 'attributes', 'labels'];

async function currentWindow(ctx: StageContext<DriftConfig>, model: string, features: string[]): Promise<Side> {
  if (ctx.config.window_rows) {
    const c = await ctx.data.predictions(model, { lastRows: ctx.config.window_rows, features, until: new Date(ctx.now.getTime() + 1), without: windowSkips });
    return windowSide(model, c, null, null);
  }
  const until = ctx.now;
  const since = new Date(until.getTime() - ctx.config.window);
  return windowSide(model, await ctx.data.predictions(model, { since, until, features, without: windowSkips }), since, until);
}

async function driftOf(ctx: StageContext<DriftConfig>, info: ModelInfo): Promise<void> {
  const cfg = ctx.config;
  const model = info.model;
  const features = info.features.map((f) => f.name).filter((f) => !cfg.columns || cfg.columns.includes(f));
  const current = await currentWindow(ctx, model, features);
  if (current.rows < cfg.min_rows) return;
  const lastKey = `last-window:${model}`;
  if ((await ctx.state.get<string>(lastKey)) === current.version) return; // nothing new since the last report
  const refSettings: ReferenceSettings = {
    snapshot: cfg.reference.snapshot,
    since: cfg.reference.since ? new Date(cfg.reference.since) : undefined,
    until: cfg.reference.until ? new Date(cfg.reference.until) : undefined,
    firstRows: cfg.reference.first_rows,
    predictionColumn: cfg.prediction_column,
    scoreColumn: cfg.score_column,
    segmentColumn: cfg.segment_column,
  };
  const id = await referenceIdentity(ctx, model, refSettings);
  if (!id) return;
  // Segments and learned thresholds need the reference rows themselves; the rest runs on profiles.
  const reference = await profiledReference(ctx, model, features, refSettings, id, Boolean(cfg.segments.by) || cfg.threshold_mode === 'learned');
  if (!reference) return;

  const columns = features.filter((f) => f in reference.features && f in current.features);
  const options: DriftOptions = {
    columns,
    methods: only(cfg.methods, columns),
    thresholds: only(cfg.thresholds, columns),
    correction: cfg.correction,
    datasetDriftShare: cfg.dataset_drift_share,
    largeSampleSize: cfg.large_sample_size,
  };
  const report = await ctx.compute.driftReport(
    { rows: reference.rows, version: reference.version, columns: reference.features },
    { rows: current.rows, version: current.version, columns: current.features },
    options,
    { signal: ctx.signal },
  );
  let learned: Record<string, unknown> | null = null;
  if (cfg.threshold_mode === 'learned') {
    learned = applyLearnedThresholds(report, reference.raw!.features, reference.rows, { chunkSize: cfg.learned.chunk_size ?? current.rows, maxChunks: cfg.learned.max_chunks, k: cfg.learned.k });
    report.dataset_drift = report.columns.some((c) => !c.error) && report.share_drifted >= cfg.dataset_drift_share;
  }

  const servedBy = versionCounts(current.columns?.version ?? []);
  const modelVersion = servingVersion(servedBy);
  const versions: Versions = { reference: reference.version, current: current.version, model_version: modelVersion };
  const large = cfg.large_sample_size;
  const prediction = cfg.prediction_drift && reference.prediction && current.prediction ? oneColumn('prediction', reference.prediction, current.prediction, reference.rows, current.rows, versions, large) : null;
  const score = cfg.prediction_drift && reference.score && current.score ? oneColumn('score', reference.score, current.score, reference.rows, current.rows, versions, large) : null;

  let segments: DriftResult['segments'] = null;
  if (cfg.segments.by) {
    try {
      segments = segmentDrift(reference.raw!, current, cfg.segments.by, columns, cfg.segments.min_rows, options);
    } catch (e) {
      segments = { error: (e as Error).message };
    }
  }
  let multivariate: DriftResult['multivariate'] = null;
  if (cfg.multivariate.enabled) {
    const numerical = report.columns.filter((c) => c.kind === 'numerical').map((c) => c.name);
    try {
      const pcaOptions = { varianceShare: cfg.multivariate.variance_share, chunkSize: cfg.multivariate.chunk_size, k: cfg.multivariate.k };
      multivariate = await multivariateDrift(reference, current, numerical, pcaOptions, (f) => referencePca(ctx, model, reference, f, refSettings, pcaOptions));
    } catch (e) {
      multivariate = { error: (e as Error).message };
    }
  }
  const detectors: DriftResult['detectors'] = [];
  for (const d of cfg.detectors) {
    try {
      detectors.push(await runDetector(ctx.data, ctx.state, model, info.labels > 0, { ...d, task: ctx.models[model]?.task }));
    } catch (e) {
      detectors.push({ detector: d.kind, error: (e as Error).message });
    }
  }

  const result: DriftResult = {
    window: { id: current.version, since: current.since, until: current.until, rows: current.rows },
    reference: { source: reference.source, version: reference.version, name: reference.name, rows: reference.rows, since: reference.since, until: reference.until, from_profile: reference.fromProfiles },
    model_version: modelVersion,
    model_versions: Object.fromEntries(servedBy),
    threshold_mode: cfg.threshold_mode,
    report,
    distributions: Object.fromEntries(columns.map((c) => [c, distributionOf(reference.features[c]!, current.features[c]!)])),
    dataset_drift: report.dataset_drift,
    share_drifted: report.share_drifted,
    columns: report.columns.map((c) => ({ name: c.name, drift: c.drift })),
    learned_thresholds: learned,
    top_features: topContributors(report.columns),
    prediction,
    score,
    segments,
    multivariate,
    detectors,
  };
  ctx.recordInputs({ dataVersion: current.version, modelVersion: modelVersion ?? undefined });
  await ctx.results.save({ kind: 'drift.report', model, payload: result, dataVersion: current.version, modelVersion });
  await ctx.state.set(lastKey, current.version);

  if (report.dataset_drift) ctx.emit(datasetFinding(model, report, versions));
  if (cfg.feature_findings) for (const f of featureFindings(model, report, versions)) ctx.emit(f);
  if (prediction?.drift) ctx.emit(predictionFinding(model, prediction, 'prediction', versions));
  if (score?.drift) ctx.emit(predictionFinding(model, score, 'score', versions));
  for (const s of Array.isArray(segments) ? segments : []) {
    if (!s.dataset_drift) continue;
    ctx.emit({
      kind: 'drift.segment',
      severity: 'warning',
      summary: `model ${model}: segment ${s.segment} drifted (${s.drifted.length} features: ${s.drifted.slice(0, 3).map((c) => `${c.name}${c.summary ? ` — ${c.summary}` : ''}`).join('; ')})`,
      labels: { model, segment: s.segment },
      details: { ...s, versions },
    });
  }
  if (multivariate && 'drifted' in multivariate && multivariate.drifted) {
    ctx.emit({
      kind: 'drift.multivariate',
      severity: 'warning',
      summary: `model ${model}: the joint structure of ${multivariate.features.length} features changed (PCA reconstruction error ${multivariate.error.toPrecision(3)} outside ${multivariate.lower.toPrecision(3)}…${multivariate.upper.toPrecision(3)})`,
      labels: { model },
      details: { ...multivariate, versions },
    });
  }
  for (const d of detectors) {
    if (!('changes' in d) || d.changes.length === 0) continue;
    const last = d.changes[d.changes.length - 1]!;
    ctx.emit({
      kind: 'drift.stream',
      severity: 'warning',
      summary: `model ${model}: ${d.detector} saw ${d.changes.length} change(s) in the ${d.stream} stream, the last at ${last.ts}`,
      labels: { model, detector: d.detector },
      details: { stream: d.stream, changes: d.changes.slice(-20), fed: d.fed, versions },
    });
  }
}

export default definePlugin({
  card: driftCard,
  gauges: driftGauges,
  routes: driftRoutes,
  signals: driftSignals,
  name: 'drift',
  description: 'Feature, prediction, segment, multivariate and streaming drift of each model against its reference',
  configSchema,
  defaultEverySeconds: 300,
  timeoutMs: 300_000,
  async run(ctx) {
    await forEachModel(ctx, { only: ctx.config.models, stage: 'drift', couldNot: 'drift could not run' }, (info) => driftOf(ctx, info));
  },
});
