// `--demo`: feeds the simulated churn model and ops stream through the same ingest path as the
// HTTP API (validation, enrichment, atomic appends, stage triggers), so every stage and
// dashboard has live data within a minute.
import { Hono } from 'hono';
import type { FeatureModule, Runtime } from '../runtime.ts';
import { ChurnSimulator, demoModel, type PendingLabel } from './churn-model.ts';
import { OpsSimulator } from './ops-stream.ts';

export const demoReferenceName = 'demo-churn-reference';

/** What the demo's own webhook receiver got (retraining triggers, alert notifications). */
interface InboxEntry {
  at: string;
  kind: string;
  body: unknown;
}
const inboxSize = 200;

export function demoModule(): FeatureModule {
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  const pending: PendingLabel[] = [];
  const inbox: InboxEntry[] = [];
  return {
    name: 'demo',
    // The demo config points its retraining webhook and alert webhook here, so the whole loop
    // closes on one machine: GET /v1/demo/inbox shows what would have reached Airflow or on-call.
    routes(rt) {
      const app = new Hono();
      if (!rt.config.demo.enabled) return app;
      app.post('/demo/inbox/:kind', async (c) => {
        if (Number(c.req.header('content-length') ?? 0) > 1_000_000) return c.json({ error: 'payload_too_large', message: 'demo inbox takes at most 1 MB' }, 413);
        const text = (await c.req.text()).slice(0, 1_000_000);
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
        inbox.push({ at: new Date().toISOString(), kind: c.req.param('kind').slice(0, 64), body });
        if (inbox.length > inboxSize) inbox.splice(0, inbox.length - inboxSize);
        return c.json({ ok: true });
      });
      app.get('/v1/demo/inbox', (c) => {
        const kind = c.req.query('kind');
        return c.json(inbox.filter((e) => !kind || e.kind === kind).reverse());
      });
      return app;
    },
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
      const d = rt.config.demo;
      const { seed, rate } = d;
      // Daemon time (rt.clock), so a test that runs the clock fast runs the whole scenario fast.
      const startMs = rt.clock();
      const model = new ChurnSimulator(seed, startMs, { labelDelayMinMs: d.label_delay_min, labelDelayMaxMs: d.label_delay_max, driftPeriodMs: d.drift_period });
      const ops = new OpsSimulator(seed, startMs, { afterMs: d.incident_after, everyMs: d.incident_every, lengthMs: d.incident_length });
      await rt.ingest.snapshot({ model: demoModel, role: 'reference', name: demoReferenceName, format: 'csv', bytes: new TextEncoder().encode(model.referenceCsv(5000)) });
      rt.log.info('demo: feeding a simulated model and ops stream', { model: demoModel, rate });
      let carry = 0;
      let last = startMs;
      const tick = async () => {
        const now = rt.clock();
        // `rate` rows per second of daemon time, however fast that time runs.
        carry += (rate * Math.max(0, now - last)) / 1000;
        last = now;
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
    await rt.ingest.predictions(b.predictions.map(toWire), now);
    pending.push(...b.labels);
  }
  const due = pending.filter((l) => l.dueMs <= now);
  if (due.length) {
    pending.splice(0, pending.length, ...pending.filter((l) => l.dueMs > now));
    await rt.ingest.labels(due.map((l) => ({ model: demoModel, id: l.id, label: l.label, ts: now })), now);
  }
  const t = ops.tick(now, n);
  if (t.logs.length) await rt.ingest.logs(t.logs, now);
  if (t.metrics.length) await rt.ingest.metrics(t.metrics, now);
}

/** Back to the wire shape, so demo rows pass the same validation as API rows. */
function toWire(r: ReturnType<ChurnSimulator['batch']>['predictions'][number]): unknown {
  return { model: r.model, version: r.version, id: r.id, ts: r.ts, features: r.features, prediction: r.predictionNum ?? r.predictionStr, score: r.score, segment: r.segment, attributes: r.attributes };
}
