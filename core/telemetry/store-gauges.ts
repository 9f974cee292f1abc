// Gauges read from storage at scrape time: the newest drift report of each model (per feature),
// alerts by state, and stored predictions per model. Reads are cheap aggregates; a failed read
// yields no points rather than failing the whole scrape.
import type { Runtime } from '../runtime.ts';
import type { GaugeValue } from './metrics.ts';

interface DriftColumn {
  name: string;
  method?: string | null;
  statistic?: number | null;
  p_value?: number | null;
  drift?: boolean;
}

interface DriftPayload {
  report?: { columns?: DriftColumn[]; share_drifted?: number; dataset_drift?: boolean };
}

export const alertStates = ['inactive', 'pending', 'firing', 'resolved'] as const;

async function latestDriftReports(rt: Runtime): Promise<{ model: string; report: NonNullable<DriftPayload['report']> }[]> {
  const rows = await rt.storage.all<{ model: string; payload: string }>(
    `SELECT model, payload FROM stage_results WHERE kind = 'drift.report' AND model IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY model ORDER BY id DESC) = 1`,
  );
  const out = [];
  for (const r of rows) {
    const report = (JSON.parse(r.payload) as DriftPayload).report;
    if (report && Array.isArray(report.columns)) out.push({ model: r.model, report });
  }
  return out;
}

async function tableExists(rt: Runtime, name: string): Promise<boolean> {
  const r = await rt.storage.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = $1 AND table_schema = 'main'", [name]);
  return (r?.n ?? 0) > 0;
}

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
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

  t.gauge('sidewatch_drift_statistic', 'Drift statistic of each feature in the newest drift report of its model', quiet(async () =>
    (await latestDriftReports(rt)).flatMap(({ model, report }) =>
      report.columns!.filter((c) => finite(c.statistic)).map((c) => ({ value: c.statistic!, attributes: { model, feature: c.name, method: c.method ?? 'unknown' } })),
    ), rt, 'sidewatch_drift_statistic'));
  t.gauge('sidewatch_drift_p_value', 'Drift test p-value of each feature in the newest drift report (tests with a p-value only)', quiet(async () =>
    (await latestDriftReports(rt)).flatMap(({ model, report }) =>
      report.columns!.filter((c) => finite(c.p_value)).map((c) => ({ value: c.p_value!, attributes: { model, feature: c.name, method: c.method ?? 'unknown' } })),
    ), rt, 'sidewatch_drift_p_value'));
  t.gauge('sidewatch_drift_detected', '1 when the feature drifted in the newest drift report of its model, else 0', quiet(async () =>
    (await latestDriftReports(rt)).flatMap(({ model, report }) =>
      report.columns!.filter((c) => typeof c.drift === 'boolean').map((c) => ({ value: c.drift ? 1 : 0, attributes: { model, feature: c.name } })),
    ), rt, 'sidewatch_drift_detected'));
  t.gauge('sidewatch_drift_share', 'Share of drifted features in the newest drift report of each model', quiet(async () =>
    (await latestDriftReports(rt)).filter((r) => finite(r.report.share_drifted)).map(({ model, report }) => ({ value: report.share_drifted!, attributes: { model } })), rt, 'sidewatch_drift_share'));
  t.gauge('sidewatch_dataset_drift', '1 when the newest drift report of the model flags dataset drift, else 0', quiet(async () =>
    (await latestDriftReports(rt)).filter((r) => typeof r.report.dataset_drift === 'boolean').map(({ model, report }) => ({ value: report.dataset_drift ? 1 : 0, attributes: { model } })), rt, 'sidewatch_dataset_drift'));

  // Every state is reported, zero included, so that rate() and absent() behave in dashboards.
  t.gauge('sidewatch_alerts', 'Alerts known to the alert manager, by state', quiet(async () => {
    const counts = new Map<string, number>(alertStates.map((s) => [s, 0]));
    if (await tableExists(rt, 'alert_state')) {
      for (const r of await rt.storage.all<{ state: string; n: number }>('SELECT state, count(*)::INTEGER AS n FROM alert_state GROUP BY state')) counts.set(r.state, r.n);
    }
    return [...counts].map(([state, n]) => ({ value: n, attributes: { state } }));
  }, rt, 'sidewatch_alerts'));

  t.gauge('sidewatch_model_predictions', 'Predictions stored per model', quiet(async () => {
    const out: GaugeValue[] = [];
    for (const m of rt.tables.list()) {
      const r = await rt.storage.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM "${m.table.replaceAll('"', '""')}"`);
      out.push({ value: r?.n ?? 0, attributes: { model: m.model } });
    }
    return out;
  }, rt, 'sidewatch_model_predictions'));
}
