// Lifecycle endpoints: the version registry, the audit of runs and events, the live model card,
// the A/B/bandit comparison of two versions, fairness results and the retraining history.
import { Hono } from 'hono';
import { parseDuration } from '../plugin-api/index.ts';
import type { Runtime } from '../runtime.ts';
import { ApiError } from '../http/errors.ts';
import { intParam, timeParam } from '../plugin-api/query-params.ts';
import { compareVersions, finiteOrNull } from '../../lib/abtest/compare-versions.ts';
import { fairnessReport } from '../../lib/fairness/fairness-report.ts';
import { listVersions } from './version-registry.ts';
import { auditEvents, auditRuns } from '../storage/audit-reads.ts';
import { retrainingHistory } from './retraining-log.ts';
import { modelCard } from './model-card.ts';
import { latestFairnessResults } from '../storage/card-reads.ts';
import { renderHtml, renderMarkdown } from './card-render.ts';

function knownModel(rt: Runtime, model: string): void {
  if (!rt.tables.get(model) && !rt.config.models[model]) throw new ApiError(404, `no model named "${model}"`);
}

function windowParams(q: (k: string) => string | undefined, now: Date): { since: Date; until: Date } {
  const until = timeParam(q('until'), 'until') ?? new Date(now.getTime() + 1);
  const since = timeParam(q('since'), 'since');
  if (since) return { since, until };
  let ms: number;
  try {
    ms = parseDuration(q('window') ?? '24h');
  } catch (e) {
    throw new ApiError(400, `query parameter window: ${(e as Error).message}`);
  }
  return { since: new Date(until.getTime() - ms), until };
}

export function lifecycleRoutes(rt: Runtime, retrainingSynced: () => Promise<void> = () => Promise.resolve()): Hono {
  const app = new Hono();

  app.get('/v1/registry', async (c) => {
    const out = [];
    for (const t of rt.tables.list().sort((a, b) => a.model.localeCompare(b.model))) out.push({ model: t.model, versions: await listVersions(rt, t.model) });
    return c.json(out);
  });

  app.get('/v1/models/:model/versions', async (c) => {
    const model = c.req.param('model');
    const versions = await listVersions(rt, model);
    if (!versions) throw new ApiError(404, `no predictions stored for model "${model}"`);
    return c.json(versions);
  });

  app.get('/v1/audit/runs', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    return c.json(
      await auditRuns(rt.storage, {
        model: q('model'),
        stage: q('stage'),
        outcome: q('outcome'),
        since: timeParam(q('since'), 'since'),
        until: timeParam(q('until'), 'until'),
        limit: intParam(q('limit'), 'limit', 100, 1, 10_000),
      }),
    );
  });

  app.get('/v1/audit/events', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    return c.json(await auditEvents(rt.storage, { kind: q('kind'), model: q('model'), since: timeParam(q('since'), 'since'), until: timeParam(q('until'), 'until'), limit: intParam(q('limit'), 'limit', 100, 1, 10_000) }));
  });

  app.get('/v1/models/:model/card', async (c) => {
    const model = c.req.param('model');
    knownModel(rt, model);
    const format = c.req.query('format') ?? (/text\/html/.test(c.req.header('accept') ?? '') ? 'html' : 'md');
    if (format !== 'md' && format !== 'html' && format !== 'markdown') throw new ApiError(400, `query parameter format must be md or html, got "${format.slice(0, 20)}"`);
    const blocks = await modelCard(rt, model);
    if (format === 'html') return c.html(renderHtml(blocks, `Model card: ${model}`));
    return c.body(renderMarkdown(blocks), 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.get('/v1/models/:model/compare', async (c) => {
    const model = c.req.param('model');
    const info = (await rt.reader.models()).find((m) => m.model === model);
    if (!info) throw new ApiError(404, `no predictions stored for model "${model}"`);
    const a = c.req.query('a') ?? info.versions[0];
    const b = c.req.query('b') ?? info.versions.at(-1);
    if (!a || !b || a === b) throw new ApiError(400, `give two different versions as ?a=…&b=… (model ${model} has: ${info.versions.join(', ') || 'none'})`);
    for (const v of [a, b]) if (!info.versions.includes(v)) throw new ApiError(400, `model ${model} has no version "${v}" (known: ${info.versions.join(', ')})`);
    const alpha = Number(c.req.query('alpha') ?? 0.05);
    if (!(alpha > 0 && alpha < 1)) throw new ApiError(400, 'query parameter alpha must be between 0 and 1');
    const { since, until } = windowParams((k) => c.req.query(k), new Date());
    const cols = await rt.reader.predictions(model, { since, until, features: [] });
    const s = rt.config.models[model] ?? {};
    const cmp = compareVersions(cols, a, b, { alpha, task: s.task, positiveLabel: s.positive_label, minPerArm: intParam(c.req.query('min_per_arm'), 'min_per_arm', 30, 2, 1_000_000) });
    return c.json(finiteOrNull({ model, window: { since: since.toISOString(), until: until.toISOString() }, ...cmp }));
  });

  app.get('/v1/models/:model/fairness', async (c) => {
    const model = c.req.param('model');
    knownModel(rt, model);
    const stored = await latestFairnessResults(rt.storage, model, 10_000);
    if (stored.length && c.req.query('live') === undefined) {
      return c.json({ source: 'fairness stage', results: stored.map((r) => ({ result_id: r.id, created_at: r.created_at, ...(JSON.parse(r.payload) as object) })) });
    }
    // Without the stage (or with ?live), compute the gaps now over the requested window.
    const { since, until } = windowParams((k) => c.req.query(k), new Date());
    const s = rt.config.models[model] ?? {};
    const cols = await rt.reader.predictions(model, { since, until, features: [] });
    const attributes = s.sensitive_attributes ?? rt.config.sensitive_attributes;
    const minGroupSize = intParam(c.req.query('min_group_size'), 'min_group_size', 30, 1, 1_000_000);
    const results = attributes.map((a) => fairnessReport(cols, a, s.positive_label ?? 1, minGroupSize)).filter((r) => r !== null);
    return c.json({ source: 'live', window: { since: since.toISOString(), until: until.toISOString() }, results });
  });

  app.get('/v1/models/:model/retraining', async (c) => {
    const model = c.req.param('model');
    knownModel(rt, model);
    await retrainingSynced();
    return c.json(await retrainingHistory(rt, model, intParam(c.req.query('limit'), 'limit', 100, 1, 10_000)));
  });

  return app;
}
