// Compares the model versions served side by side in a recent window, periodically: for each
// model with two or more versions, every other version against the control (the configured one,
// else the version seen first), stored as `ab_test.comparison` results with a finding when a
// version is significantly worse on correctness.
import { definePlugin, duration, z, type StageContext } from '../../core/plugin-api/index.ts';
import { selectedModels } from '../../core/plugin-api/readers/each-model.ts';
import { compareVersions, finiteOrNull } from '../../lib/abtest/compare-versions.ts';
import { abTestCard } from './card.ts';
import { abTestRoutes } from './routes.ts';

const configSchema = z
  .object({
    models: z.array(z.string()).optional(),
    window: duration.default(86_400_000),
    control: z.record(z.string(), z.string()).default({}),
    alpha: z.number().gt(0).lt(1).default(0.05),
    min_per_arm: z.number().int().min(2).default(30),
    bandit_draws: z.number().int().positive().default(10_000),
    bandit_floor: z.number().min(0).max(0.5).default(0.05),
  })
  .strict();

type Config = z.infer<typeof configSchema>;

async function compareModel(ctx: StageContext<Config>, model: string, versionsByFirstSeen: string[]): Promise<void> {
  const cfg = ctx.config;
  const since = new Date(ctx.now.getTime() - cfg.window);
  const cols = await ctx.data.predictions(model, { since, until: new Date(ctx.now.getTime() + 1), features: [] });
  const present = versionsByFirstSeen.filter((v) => cols.version.includes(v));
  if (present.length < 2) return;
  const control = cfg.control[model] && present.includes(cfg.control[model]) ? cfg.control[model] : present[0]!;
  const settings = ctx.models[model] ?? {};
  for (const treatment of present.filter((v) => v !== control)) {
    const cmp = compareVersions(cols, control, treatment, {
      alpha: cfg.alpha,
      task: settings.task,
      positiveLabel: settings.positive_label,
      minPerArm: cfg.min_per_arm,
      banditDraws: cfg.bandit_draws,
      banditFloor: cfg.bandit_floor,
      banditSeed: Math.floor(ctx.now.getTime() / 1000),
    });
    const window = { since: since.toISOString(), until: ctx.now.toISOString() };
    await ctx.results.save({ kind: 'ab_test.comparison', model, payload: finiteOrNull({ model, window, ...cmp }), modelVersion: treatment, dataVersion: `${model}@${window.since}/${window.until}` });
    const correct = cmp.outcomes.find((o) => o.name === 'correct');
    if (correct?.type === 'binary' && correct.significant && correct.comparison && correct.comparison.test.difference < 0) {
      const t = correct.comparison.test;
      ctx.emit({
        kind: 'ab_test.worse',
        severity: 'warning',
        summary: `model ${model}: version ${treatment} is correct less often than ${control} (${(100 * t.treatmentRate).toFixed(1)}% vs ${(100 * t.controlRate).toFixed(1)}%, p=${t.pValue.toPrecision(2)})`,
        labels: { model, version: treatment },
        details: { control, treatment, difference: t.difference, ci: t.ci, p_value: t.pValue, window },
      });
    }
  }
}

export default definePlugin({
  card: abTestCard,
  routes: abTestRoutes,
  name: 'ab-test',
  description: 'Compares model versions served side by side: A/B significance, effect sizes, power and a bandit traffic split',
  configSchema,
  defaultEverySeconds: 900,
  async run(ctx) {
    for (const info of await selectedModels(ctx.data, ctx.config.models)) {
      if (info.versions.length < 2) continue;
      if (ctx.signal.aborted) return;
      await compareModel(ctx, info.model, info.versions);
    }
  },
});
