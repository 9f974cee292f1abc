// Reports fairness gaps across sensitive groups for every model whose predictions carry a
// sensitive attribute beside the features (`attributes` at ingest): demographic parity and
// equal-opportunity differences as `fairness.attribute` results, and findings when a gap is above
// the threshold by more than its sampling noise.
import { definePlugin, duration, z, type StageContext } from '../../core/plugin-api/index.ts';
import { selectedModels } from '../../core/plugin-api/readers/each-model.ts';
import { fairnessReport } from '../../lib/fairness/fairness-report.ts';
import { confidentlyAbove, gapStandardError } from './gap-noise.ts';
import { fairnessCard } from './card.ts';
import { fairnessRoutes } from './routes.ts';

// The daemon's default governance list; a model's own `sensitive_attributes` replaces it.
const DEFAULT_SENSITIVE_ATTRIBUTES = ['gender', 'sex', 'race', 'ethnicity', 'religion'];

const configSchema = z
  .object({
    models: z.array(z.string()).optional(),
    window: duration.default(86_400_000),
    sensitive_attributes: z.array(z.string()).default(DEFAULT_SENSITIVE_ATTRIBUTES),
    threshold: z.number().min(0).max(1).default(0.1),
    min_group_size: z.number().int().positive().default(30),
    per_version: z.boolean().default(true),
  })
  .strict();

type Config = z.infer<typeof configSchema>;

async function checkModel(ctx: StageContext<Config>, model: string, versions: string[]): Promise<void> {
  const cfg = ctx.config;
  const settings = ctx.models[model] ?? {};
  const attributes = settings.sensitive_attributes ?? cfg.sensitive_attributes;
  const since = new Date(ctx.now.getTime() - cfg.window);
  const window = { since: since.toISOString(), until: ctx.now.toISOString() };
  const scopes: (string | null)[] = cfg.per_version && versions.length > 1 ? [null, ...versions] : [null];
  for (const version of scopes) {
    const cols = await ctx.data.predictions(model, { since, until: new Date(ctx.now.getTime() + 1), features: [], version: version ?? undefined });
    for (const attribute of attributes) {
      const report = fairnessReport(cols, attribute, settings.positive_label ?? 1, cfg.min_group_size);
      if (!report) continue;
      await ctx.results.save({ kind: 'fairness.attribute', model, payload: { model, version, window, threshold: cfg.threshold, ...report }, modelVersion: version, dataVersion: `${model}@${window.since}/${window.until}` });
      for (const [metric, gap] of [['demographic_parity', report.demographic_parity], ['equal_opportunity', report.equal_opportunity]] as const) {
        if (!gap || !confidentlyAbove(gap, cfg.threshold)) continue;
        const where = version ? `model ${model} version ${version}` : `model ${model}`;
        ctx.emit({
          kind: `fairness.${metric}`,
          severity: 'warning',
          summary: `${where}: ${metric.replace('_', ' ')} difference ${gap.difference!.toFixed(3)} across ${attribute} (${gap.maxGroup} vs ${gap.minGroup}) is above ${cfg.threshold}`,
          labels: { model, attribute, ...(version ? { version } : {}) },
          details: { difference: gap.difference, standard_error: gapStandardError(gap), threshold: cfg.threshold, groups: gap.groups, window },
        });
      }
    }
  }
}

export default definePlugin({
  card: fairnessCard,
  routes: fairnessRoutes,
  name: 'fairness',
  description: 'Demographic parity and equal-opportunity gaps across sensitive groups supplied beside the features',
  configSchema,
  defaultEverySeconds: 900,
  async run(ctx) {
    for (const info of await selectedModels(ctx.data, ctx.config.models)) {
      if (ctx.signal.aborted) return;
      await checkModel(ctx, info.model, info.versions);
    }
  },
});
