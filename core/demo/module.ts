// `--demo`: feeds the simulated churn model and ops stream through the same ingest path as the
// HTTP API (validation, enrichment, atomic appends, stage triggers), so every stage and
// dashboard has live data within a minute.
import type { FeatureModule, Runtime } from '../runtime.ts';
import { validatePredictions } from '../ingest/validate-predictions.ts';
import { appendLabels } from '../ingest/labels.ts';
import { appendMetrics } from '../ingest/metrics.ts';
import { storeSnapshot } from '../ingest/snapshots.ts';
import { ChurnSimulator, demoModel, type PendingLabel } from './churn-model.ts';
import { OpsSimulator } from './ops-stream.ts';

export const demoReferenceName = 'demo-churn-reference';

export function demoModule(): FeatureModule {
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  const pending: PendingLabel[] = [];
  return {
    name: 'demo',
    init(rt) {
      if (!rt.config.demo.enabled) return;
      // The demo model's settings, unless the config already describes it.
      rt.config.models[demoModel] ??= {
        owners: ['ml-platform@example.com'],
        intended_use: 'Predicts which subscribers are likely to cancel in the next 30 days, to target retention offers.',
        limitations: ['Simulated data: for demonstrating Sidewatch only.'],
        reference: demoReferenceName,
        sensitive_attributes: ['gender'],
        task: 'binary',
        positive_label: 1,
      };
    },
    async start(rt) {
      if (!rt.config.demo.enabled) return;
      const { seed, rate } = rt.config.demo;
      const startMs = Date.now();
      const model = new ChurnSimulator(seed, startMs);
      const ops = new OpsSimulator(seed, startMs);
      await storeSnapshot(rt.storage, rt.dataDir, { model: demoModel, role: 'reference', name: demoReferenceName, format: 'csv', bytes: new TextEncoder().encode(model.referenceCsv(5000)) });
      rt.log.info('demo: feeding a simulated model and ops stream', { model: demoModel, rate });
      let carry = 0;
      const tick = async () => {
        const now = Date.now();
        carry += rate;
        const n = Math.floor(carry);
        carry -= n;
        await feed(rt, model, ops, pending, n, now);
      };
      timer = setInterval(() => {
        if (ticking || rt.phase !== 'ready') return;
        ticking = tick()
          .catch((e: unknown) => rt.log.warn('demo tick failed', { error: (e as Error).message }))
          .finally(() => (ticking = null));
      }, 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await ticking;
    },
  };
}

async function feed(rt: Runtime, model: ChurnSimulator, ops: OpsSimulator, pending: PendingLabel[], n: number, now: number): Promise<void> {
  if (n > 0) {
    const b = model.batch(n, now);
    await rt.tables.append(validatePredictions(b.predictions.map(toWire), now), now);
    pending.push(...b.labels);
    rt.host.notify('predictions');
  }
  const due = pending.filter((l) => l.dueMs <= now);
  if (due.length) {
    pending.splice(0, pending.length, ...pending.filter((l) => l.dueMs > now));
    await appendLabels(rt.storage, due.map((l) => ({ model: demoModel, id: l.id, labelNum: l.label, labelStr: null, ts: now })), now);
    rt.host.notify('labels');
  }
  const t = ops.tick(now, n);
  if (t.logs.length) {
    for (const e of rt.logEnrichers) await e.enrich(t.logs);
    await rt.logStore.append(t.logs, now);
    rt.host.notify('logs');
  }
  await appendMetrics(rt.storage, t.metrics);
  rt.host.notify('metrics');
}

/** Back to the wire shape, so demo rows pass the same validation as API rows. */
function toWire(r: ReturnType<ChurnSimulator['batch']>['predictions'][number]): unknown {
  return { model: r.model, version: r.version, id: r.id, ts: r.ts, features: r.features, prediction: r.predictionNum ?? r.predictionStr, score: r.score, segment: r.segment, attributes: r.attributes };
}
