// Gauges read at scrape time: each stage plugin's own gauges (drift per feature, …) read from its
// results, alerts by state, the alert outbox by status, and stored predictions per model (counted at ingest). A failed read
// yields no points rather than failing the whole scrape.
import type { Runtime } from '../runtime.ts';
import type { GaugeValue } from './metrics.ts';
import { alertCountsByState, AlertingStore } from '../storage/alert-store.ts';
import { stageResultReader } from '../storage/run-store.ts';

export const alertStates = ['inactive', 'pending', 'firing', 'resolved'] as const;

const quiet = (read: () => Promise<GaugeValue[]>, rt: Runtime, what: string) => async () => {
  try {
    return await read();
  } catch (e) {
    rt.log.warn('metric read failed', { metric: what, error: (e as Error).message });
    return [];
  }
};

export function registerStoreGauges(rt: Runtime): void {
  const t = rt.telemetry;
  for (const [name, plugin] of rt.registry.stages) {
    const results = stageResultReader(rt.storage, name);
    for (const g of plugin.gauges ?? []) t.gauge(g.name, g.help, quiet(() => g.read(results), rt, g.name));
  }

  // Every state is reported, zero included, so that rate() and absent() behave in dashboards.
  t.gauge('sidewatch_alerts', 'Alerts known to the alert manager, by state', quiet(async () => {
    const counts = new Map<string, number>(alertStates.map((s) => [s, 0]));
    for (const [state, n] of await alertCountsByState(rt.storage)) counts.set(state, n);
    return [...counts].map(([state, n]) => ({ value: n, attributes: { state } }));
  }, rt, 'sidewatch_alerts'));

  // The fleet's alert rules watch the backlog: notifications waiting for a channel that is down.
  const alerting = new AlertingStore(rt.storage);
  t.gauge('sidewatch_alert_outbox', 'Alert notifications in the outbox, by status (pending ones wait for delivery)', quiet(async () => {
    const counts = await alerting.outboxCounts();
    return (['pending', 'delivered', 'failed', 'superseded'] as const).map((status) => ({ value: counts[status] ?? 0, attributes: { status } }));
  }, rt, 'sidewatch_alert_outbox'));

  t.gauge('sidewatch_model_predictions', 'Predictions stored per model', quiet(async () => rt.tables.list().map((m) => ({ value: m.rows, attributes: { model: m.model } })), rt, 'sidewatch_model_predictions'));
}
