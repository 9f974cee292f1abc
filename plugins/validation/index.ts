// Validates each window of incoming predictions against a schema inferred from the model's
// reference data (types, missing values, ranges, categories, row volume), and checks that no
// sensitive attribute is used as a model feature.
import { createHash } from 'node:crypto';
import { definePlugin, duration, z, type Finding, type ModelInfo, type StageContext } from '../../core/plugin-api/index.ts';
import { validationSignals } from './signals.ts';
import { forEachModel } from '../../core/plugin-api/readers/each-model.ts';
import { windowId } from '../../core/plugin-api/readers/prediction-windows.ts';
import { referenceIdentity, resolveReference, type ReferenceIdentity } from './model-data.ts';
import { countTypeMismatches } from './raw-features.ts';
import { decodeSchema, encodeSchema, inferSchema, type FeatureSchema, type ValueType } from './schema.ts';
import { sensitiveFeatures } from './sensitive.ts';
import { checkFeature, type FeatureCheck } from './window-check.ts';
import { validationRoutes } from './routes.ts';

export const DEFAULT_SENSITIVE_ATTRIBUTES = ['gender', 'sex', 'race', 'ethnicity', 'religion'];

const configSchema = z
  .object({
    models: z.array(z.string()).optional(),
    reference: z.string().optional(),
    reference_rows: z.number().int().positive().default(1000),
    window: duration.default(3_600_000),
    range_tolerance: z.number().nonnegative().default(0.1),
    max_categories: z.number().int().positive().default(200),
    max_missing_increase: z.number().min(0).max(1).default(0.05),
    max_type_mismatch_share: z.number().min(0).max(1).default(0),
    max_out_of_range_share: z.number().min(0).max(1).default(0.01),
    max_unseen_share: z.number().min(0).max(1).default(0),
    min_rows: z.number().int().nonnegative().default(0),
    max_rows: z.number().int().positive().optional(),
    sensitive_attributes: z.array(z.string()).default(DEFAULT_SENSITIVE_ATTRIBUTES),
  })
  .strict();

type Config = z.infer<typeof configSchema>;

export interface ValidationResult {
  window: { id: string; since: string; until: string; rows: number };
  reference: { source: 'snapshot' | 'window'; version: string; name: string | null; rows: number };
  model_version: string | null;
  schema: ReturnType<typeof inferSchema>;
  features: FeatureCheck[];
  /** Features the model sends that the reference does not have. */
  unexpected_features: string[];
  volume: { rows: number; min_rows: number; max_rows: number | null; ok: boolean };
  sensitive_features: { feature: string; attribute: string }[];
  problems: number;
}

async function validateModel(ctx: StageContext<Config>, info: ModelInfo): Promise<void> {
  const cfg = ctx.config;
  const model = info.model;
  const sensitive = sensitiveFeatures(
    info.features.map((f) => f.name),
    [...cfg.sensitive_attributes, ...(ctx.models[model]?.sensitive_attributes ?? [])],
  );
  for (const s of sensitive) {
    ctx.emit({
      kind: 'validation.sensitive_feature',
      severity: 'critical',
      summary: `model ${model} uses sensitive attribute "${s.attribute}" as feature "${s.feature}"`,
      labels: { model, feature: s.feature },
      details: { attribute: s.attribute, configured: cfg.sensitive_attributes },
    });
  }

  const featureNames = info.features.map((f) => f.name);
  const schemaOptions = { rangeTolerance: cfg.range_tolerance, maxCategories: cfg.max_categories };
  // The schema is inferred once per reference version and kept with its profiles.
  const schemaKey = `validation-schema:${createHash('sha256').update(JSON.stringify([featureNames, schemaOptions])).digest('hex')}`;
  const known = await referenceIdentity(ctx, model, cfg.reference, cfg.reference_rows);
  const cached = known ? (await ctx.profiles.get(model, known.version, [schemaKey])).get(schemaKey) : undefined;
  let reference: ReferenceIdentity;
  let schema: FeatureSchema[];
  if (known && cached) {
    reference = known;
    schema = decodeSchema(cached);
  } else {
    const read = await resolveReference(ctx, model, cfg.reference, cfg.reference_rows);
    if (!read) return;
    reference = read;
    const inReference = featureNames.filter((f) => f in read.columns);
    // A snapshot holds more than features (ids, labels): only model features are checked, unless
    // the model has sent none of the snapshot's columns yet.
    schema = inferSchema(read.columns, inReference.length ? inReference : null, schemaOptions);
    await ctx.profiles.put(model, read.version, new Map([[schemaKey, encodeSchema(schema)]]));
  }

  const until = ctx.now;
  const since = new Date(until.getTime() - cfg.window);
  const win = await ctx.data.predictions(model, { since, until, features: schema.map((s) => s.name).filter((n) => featureNames.includes(n)) });
  const stored = new Map(info.features.map((f) => [f.name, f.type as ValueType]));
  const expected = new Map(schema.map((s) => [s.name, s.type]));
  const misfits = await countTypeMismatches(ctx.data, model, since, until, expected, stored);
  const limits = {
    maxMissingIncrease: cfg.max_missing_increase,
    maxTypeMismatchShare: cfg.max_type_mismatch_share,
    maxOutOfRangeShare: cfg.max_out_of_range_share,
    maxUnseenShare: cfg.max_unseen_share,
  };
  const features =
    win.rows === 0
      ? []
      : schema.map((s) =>
          checkFeature(s, win.rows, win.features[s.name], stored.get(s.name) ?? null, misfits.get(s.name) ?? { mismatches: 0, examples: [], recovered: [] }, limits),
        );
  const volumeOk = win.rows >= cfg.min_rows && (cfg.max_rows === undefined || win.rows <= cfg.max_rows);
  if (win.rows === 0 && volumeOk) return; // nothing arrived and nothing was expected

  const id = windowId(model, since, until, win.rows);
  const modelVersion = [...win.version].reverse().find((v) => v !== null) ?? null;
  const result: ValidationResult = {
    window: { id, since: since.toISOString(), until: until.toISOString(), rows: win.rows },
    reference: { source: reference.source, version: reference.version, name: reference.name, rows: reference.rows },
    model_version: modelVersion,
    schema,
    features,
    unexpected_features: featureNames.filter((f) => !expected.has(f)),
    volume: { rows: win.rows, min_rows: cfg.min_rows, max_rows: cfg.max_rows ?? null, ok: volumeOk },
    sensitive_features: sensitive,
    problems: features.reduce((a, f) => a + f.problems.length, 0) + (volumeOk ? 0 : 1) + sensitive.length,
  };
  ctx.recordInputs({ dataVersion: id, modelVersion: modelVersion ?? undefined });
  await ctx.results.save({ kind: 'validation.window', model, payload: result, dataVersion: id, modelVersion });

  const versions = { reference: reference.version, window: id };
  for (const f of features) {
    for (const p of f.problems) {
      const finding: Finding = {
        kind: `validation.${p.kind}`,
        severity: 'warning',
        summary: `model ${model}: ${p.summary}`,
        labels: { model, feature: f.name },
        details: { share: p.share, limit: p.limit, versions, check: f },
      };
      ctx.emit(finding);
    }
  }
  if (!volumeOk) {
    ctx.emit({
      kind: 'validation.volume',
      severity: 'warning',
      summary: `model ${model} received ${win.rows} predictions in the last ${Math.round(cfg.window / 60_000)} min (expected ${cfg.min_rows}${cfg.max_rows !== undefined ? `…${cfg.max_rows}` : ' or more'})`,
      labels: { model },
      details: { ...result.volume, versions },
    });
  }
}

export default definePlugin({
  name: 'validation',
  routes: validationRoutes,
  signals: validationSignals,
  description: 'Checks incoming predictions against a schema inferred from the reference, and sensitive attributes among features',
  configSchema,
  defaultEverySeconds: 300,
  triggers: ['snapshots'],
  async run(ctx) {
    await forEachModel(ctx, { only: ctx.config.models, stage: 'validation', couldNot: 'validation could not run' }, (info) => validateModel(ctx, info));
  },
});
